"""Middleware: a clear 'try again' page when the database connection fails mid-request."""

import logging

from django.db import InterfaceError, OperationalError, connections

from vig_service.operations.views import database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection in a view into a 503 'try again' page.

    The view's transaction has already rolled back (or died with the connection), so
    nothing was half-written; the broken connection is dropped so the next query opens
    a fresh one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.warning(
            "Database unavailable during %s %s: %s",
            request.method,
            request.resolver_match.view_name if request.resolver_match else "unknown view",
            type(exception.__cause__ or exception).__name__,
        )
        for connection in connections.all(initialized_only=True):
            if connection.in_atomic_block:
                continue
            connection.close_if_unusable_or_obsolete()
        return database_unavailable(request)

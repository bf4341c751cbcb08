"""Response headers that the settings alone cannot give, and the settings version per request."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, get_resolver, get_urlconf, resolve
from django.utils.cache import add_never_cache_headers, patch_cache_control

from vig_service.core import settings_cache

request_logger = logging.getLogger("django.request")


class NoStoreForSignedInUsersMiddleware:
    """Tell browsers and proxies to keep no copy of any page shown to a signed-in user.

    Pages about children must not be recoverable from a shared computer's cache or the back
    button after signing out (ASVS 8.2.1).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Signed in before the view (signing out) or after it (signing in) both count.
        before = getattr(request, "user", None)
        was_signed_in = before is not None and before.is_authenticated
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if was_signed_in or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class ServiceErrorPagesMiddleware:
    """With DEBUG on (the demo), show the service's own 404 and 500 pages, not Django's.

    Django's technical pages show anyone the site's URL list, settings and source. The
    developer still gets the traceback in the console log, as in production.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A 404 for a path no URL matches comes from the resolver, past process_exception.
        if settings.DEBUG and response.status_code == 404 and not _resolves(request.path_info):
            response = _error_page(404)(request, Http404())
        return response

    def process_exception(self, request, exception):
        """The production error page for what a view raised; None leaves it to Django."""
        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None  # Django already shows 403.html with DEBUG on
        if isinstance(exception, Http404):
            return _error_page(404)(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            return _error_page(400)(request, exception)
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return _error_page(500)(request)


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def _error_page(status: int):
    """The project's handler for the status (handler500 etc.), as Django uses in production."""
    return get_resolver(get_urlconf()).resolve_error_handler(status)


class SettingsVersionMiddleware:
    """Let the settings sections read this request's version with its user (`settings_cache`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = settings_cache.begin_request(
            lambda: getattr(request.user, "settings_version", None)
        )
        try:
            return self.get_response(request)
        finally:
            settings_cache.end_request(token)

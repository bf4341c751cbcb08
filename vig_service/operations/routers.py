"""Reports read from a replica when one is configured; everything else uses the primary."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_reports: ContextVar[bool] = ContextVar("reading_reports", default=False)


@contextmanager
def reports_from_replica():
    """Within this block, reads go to the replica (if there is one)."""
    token = _reading_reports.set(True)
    try:
        yield
    finally:
        _reading_reports.reset(token)


class ReplicaRouter:
    """Send report reads to the `replica` database; writes and migrations to `default`."""

    def db_for_read(self, model, **hints):
        if _reading_reports.get() and getattr(settings, "REPLICA_ENABLED", False):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaForReportsMiddleware:
    """Reads made by report pages (paths under REPLICA_PATH_PREFIXES) go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefixes = tuple(getattr(settings, "REPLICA_PATH_PREFIXES", ("/reports/",)))
        if request.method in ("GET", "HEAD") and request.path.startswith(prefixes):
            with reports_from_replica():
                return self.get_response(request)
        return self.get_response(request)

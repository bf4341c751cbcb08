"""The load balancer's health check and the pages shown when the database fails."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as default_server_error

# Fields never echoed back into the "try again" form.
NOT_RESENT = frozenset({"csrfmiddlewaretoken"})
# The migrations on disk do not change while a process runs, so they are read once.
_disk_migrations: set | None = None


def _migrations_on_disk() -> set:
    global _disk_migrations
    if _disk_migrations is None:
        _disk_migrations = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return _disk_migrations


def unapplied_migrations() -> list[str]:
    """Migrations present in the code but not yet applied to the database."""
    applied = set(MigrationRecorder(connection).applied_migrations())
    return sorted(f"{app}.{name}" for app, name in _migrations_on_disk() - applied)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """200 when the database answers and every migration is applied, 503 otherwise.

    For a load balancer: no personal data, no session, no login.
    """
    checks = {"database": "ok", "migrations": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = unapplied_migrations()
        if pending:
            checks["migrations"] = f"{len(pending)} unapplied"
    except DatabaseError:
        checks = {"database": "unreachable", "migrations": "unknown"}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )


def database_unavailable(request):
    """'Sorry, there was a problem – try again', with the form's answers ready to send again.

    Rendered without touching the database: the service name, navigation, user and
    messages, which would each need a query, are given here instead.
    """
    resend = []
    if request.method == "POST":
        resend = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in NOT_RESENT
            for value in values
        ]
    return render(
        request,
        "operations/try_again.html",
        {
            "service": None,
            "primary_navigation": [],
            "user": None,
            "messages": [],
            "resend": resend,
            "action": request.get_full_path(),
            "was_post": request.method == "POST",
        },
        status=503,
    )


def server_error(request):
    """handler500: a database fault gets the 'try again' page (503); anything else the 500."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return default_server_error(request)

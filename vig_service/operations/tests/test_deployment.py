"""What docs/deployment.md promises in code: replica routing, gunicorn, task e-mail, logs."""

import gc
import io
import json
import logging
import os
import runpy
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult
from gunicorn.config import Config

from referrals.models import Referral
from referrals.tests.factories import CompleteDraftFactory
from vig_service.accounts.tests.factories import PASSWORD, UserFactory
from vig_service.operations.logging import JsonFormatter
from vig_service.operations.routers import ReplicaForReportsMiddleware, ReplicaRouter

ROOT = django_settings.BASE_DIR


@pytest.fixture
def replica(transactional_db, settings):
    """A 'replica' connection: here a second connection to the same database (as TEST MIRROR)."""
    default = connections["default"]
    connections["replica"] = default.__class__({**default.settings_dict}, alias="replica")
    settings.REPLICA_ENABLED = True
    yield connections["replica"]
    connections["replica"].close()
    del connections["replica"]


def _through_middleware(path, method="get"):
    """Run a request through the replica middleware; report which database each part used."""
    seen = {}

    def view(request):
        seen["read"] = Referral.objects.all().db
        seen["write"] = ReplicaRouter().db_for_write(Referral)
        with CaptureQueriesContext(connections["replica"]) as queries:
            seen["count"] = Referral.objects.count()
        seen["replica_queries"] = len(queries)
        return HttpResponse()

    request = getattr(RequestFactory(), method)(path)
    ReplicaForReportsMiddleware(view)(request)
    return seen


def test_report_pages_read_from_the_replica_and_write_to_the_primary(replica):
    """Under /reports/ reads (real queries) go to the replica; writes never do."""
    CompleteDraftFactory()
    seen = _through_middleware("/reports/referrals/")
    assert seen == {"read": "replica", "write": "default", "count": 1, "replica_queries": 1}


@pytest.mark.parametrize(
    ("path", "method"), [("/referrals/queue/", "get"), ("/reports/x/", "post")]
)
def test_other_pages_and_posts_use_the_primary(replica, path, method):
    """Casework reads its own writes from the primary; so does any POST."""
    seen = _through_middleware(path, method)
    assert seen["read"] == "default"
    assert seen["replica_queries"] == 0


def test_without_a_replica_reports_read_from_the_primary(db):
    """REPLICA_DATABASE_URL unset: the router changes nothing."""
    assert not django_settings.REPLICA_ENABLED
    assert _through_middleware_no_replica("/reports/referrals/") == "default"


def _through_middleware_no_replica(path):
    seen = {}

    def view(request):
        seen["read"] = Referral.objects.all().db
        return HttpResponse()

    ReplicaForReportsMiddleware(view)(RequestFactory().get(path))
    return seen["read"]


def test_migrations_only_run_on_the_primary():
    """The replica copies the primary; nobody migrates it directly."""
    assert ReplicaRouter().allow_migrate("default", "referrals")
    assert not ReplicaRouter().allow_migrate("replica", "referrals")


def test_replica_setting_comes_from_the_environment():
    """REPLICA_DATABASE_URL adds the alias, mirrored to the primary in tests."""
    env = {**os.environ, "REPLICA_DATABASE_URL": "postgres://reader@replica.internal:5432/vig"}
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; print(json.dumps([r['HOST'], r['TEST']['MIRROR'], "
        "s.DATABASE_ROUTERS, s.REPLICA_ENABLED]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "vig_service.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    host, mirror, routers, enabled = json.loads(result.stdout.strip().splitlines()[-1])
    assert enabled
    assert (host, mirror) == ("replica.internal", "default")
    assert routers == ["vig_service.operations.routers.ReplicaRouter"]


def test_gunicorn_config_loads_with_threads_and_json_access_log():
    """gunicorn.conf.py is valid gunicorn configuration; its access log lines are JSON."""
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    assert config.worker_class_str == "gthread"
    assert config.bind == ["127.0.0.1:8000"]
    assert config.wsgi_app == "vig_service.wsgi:application"
    assert config.workers >= 1
    line = config.access_log_format % {
        "h": "10.0.0.5",
        "m": "GET",
        "U": "/referrals/queue/",
        "s": "200",
        "B": "5120",
        "M": "42",
    }
    assert json.loads(line)["request"] == "GET /referrals/queue/"
    check = subprocess.run(
        [str(ROOT / ".venv/bin/gunicorn"), "--check-config", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_gunicorn_forks_workers_from_the_loaded_app_with_no_database_connection(
    transactional_db,
):
    """The master loads the app once (preload), and closes its connections before each fork,
    so a recycled worker starts at once and never shares the master's database socket."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["preload_app"] is True
    connection = connections["default"]
    connection.ensure_connection()
    assert connection.connection is not None
    try:
        conf["pre_fork"](server=None, worker=None)
    finally:
        gc.unfreeze()
    assert connection.connection is None


def test_email_is_sent_by_a_background_task(client, configuration):
    """Submitting queues send_email tasks after commit; the immediate backend runs them."""
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append(task_result)

    task_enqueued.connect(record)
    try:
        referral = CompleteDraftFactory()
        client.force_login(referral.referrer)
        client.post(reverse("referrals:check", args=[referral.pk]))
    finally:
        task_enqueued.disconnect(record)
    assert [result.task.name for result in enqueued] == ["send_email", "send_email"]
    assert sorted(r.kwargs["recipients"][0] for r in enqueued) == sorted(
        [referral.referrer.email, configuration.contact_email]
    )
    assert len(mail.outbox) == 2


def test_with_the_database_backend_email_waits_for_the_worker(client, configuration, settings):
    """In production the e-mail is a row until `manage.py db_worker` sends it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    referral = CompleteDraftFactory()
    client.force_login(referral.referrer)
    client.post(reverse("referrals:check", args=[referral.pk]))
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO())

    assert len(mail.outbox) == 2
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


def test_json_log_lines_parse_and_carry_no_email_addresses():
    """LOG_FORMAT=json: each line is JSON; addresses and NHS numbers are removed."""
    code = (
        "import django, logging; django.setup(); log = logging.getLogger('vig_service.test');"
        "log.warning('Invitation sent to jo.bloggs@example.org for 943 476 5919', "
        "extra={'user_id': 7, 'note': 'cc ann@nhs.net'});"
        "\ntry:\n 1/0\nexcept ZeroDivisionError:\n log.exception('Failed for x@y.org')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "vig_service.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in result.stderr.strip().splitlines()]
    ours = [line for line in lines if line["logger"] == "vig_service.test"]
    assert len(ours) == 2
    assert ours[0]["message"] == "Invitation sent to [email] for [number]"
    assert ours[0]["user_id"] == 7
    assert ours[0]["note"] == "cc [email]"
    assert ours[1]["exception"] == "ZeroDivisionError"
    assert "@" not in result.stderr


def test_json_formatter_keeps_only_the_method_path_and_address_of_a_request():
    """Django's request log passes the request object; only safe parts are written."""
    record = logging.makeLogRecord(
        {"msg": "Not Found: %s", "args": ("/x",), "levelname": "WARNING", "name": "django.request"}
    )
    record.request = RequestFactory().get("/referrals/1/?email=a@b.org")
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request"] == {"method": "GET", "path": "/referrals/1/", "address": "127.0.0.1"}


def test_sessions_live_in_the_database(client, db):
    """Any app server can serve any request: the session is a database row, not local state."""
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    user = UserFactory()
    client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert Session.objects.count() == 1

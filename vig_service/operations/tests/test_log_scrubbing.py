"""No token from a set-password or reset link reaches a log: runserver's request log, gunicorn's
access log, or the app's own lines, in text or JSON."""

import io
import logging
import os
import runpy
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from gunicorn.config import Config

from vig_service.accounts.models import User
from vig_service.accounts.tokens import set_password_path_args

ROOT = django_settings.BASE_DIR


def _links() -> dict[str, tuple[str, list[str]]]:
    """Each e-mailed link's path, with the secret parts that must not be logged."""
    person = User(pk=7, email="jo@example.org", password="x")
    uid, token = set_password_path_args(person)
    reset = default_token_generator.make_token(person)
    return {
        "set password": (
            reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token}),
            [token],
        ),
        "reset": (
            reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": reset}),
            [reset],
        ),
    }


LINKS = _links()

RUNSERVER_AND_APP = """
import django, logging, sys
django.setup()
from django.core.servers.basehttp import WSGIRequestHandler
handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
handler.requestline = f"GET {sys.argv[1]} HTTP/1.1"
handler.request_version, handler.command = "HTTP/1.1", "GET"
handler.client_address, handler.request = ("127.0.0.1", 5000), None
handler.log_request(200)
logging.getLogger("django.request").warning("Not Found: %s", sys.argv[1])
logging.getLogger("vig_service.accounts").info("Sent %s", "https://vig.example" + sys.argv[1])
"""


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("link", sorted(LINKS))
def test_runserver_and_app_logs_never_show_a_links_token(link, log_format):
    """runserver's request line, Django's "Not Found" and the app's own line: token removed."""
    path, secrets = LINKS[link]
    result = subprocess.run(
        [sys.executable, "-c", RUNSERVER_AND_APP, path],
        env={
            **os.environ,
            "LOG_FORMAT": log_format,
            "DJANGO_SETTINGS_MODULE": "vig_service.settings",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    logged = result.stderr + result.stdout
    assert logged.count("[token]") >= 3, logged  # all three lines were written, scrubbed
    for secret in secrets:
        assert secret not in logged


@pytest.mark.parametrize("link", sorted(LINKS))
def test_gunicorns_access_log_never_shows_a_links_token(link):
    """gunicorn.conf.py's logger writes the request without the token, even in the Referer."""
    path, secrets = LINKS[link]
    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    config.set("access_log_format", config.access_log_format[:-1] + ', "from": "%(f)s"}')
    logger = config.logger_class(config)
    buffer = io.StringIO()
    for handler in logger.access_log.handlers:
        if type(handler) is logging.StreamHandler:  # gunicorn's own, not pytest's capture
            handler.setStream(buffer)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.5",
        "HTTP_REFERER": f"https://vig.example{path}",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])

    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=42))

    line = buffer.getvalue()
    assert '"status": 200' in line
    assert line.count("/accounts/") == line.count("[token]") == 2
    for secret in secrets:
        assert secret not in line

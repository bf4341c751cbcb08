"""Settings: PostgreSQL always, and production settings that pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def test_tests_run_on_postgresql(db):
    """The suite never falls back to SQLite."""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 140000


def _manage(*args, env):
    # Start from this environment less what the test harness and the development .env (read
    # into this process's environment by settings) set for themselves.
    harness = {"DEBUG", "SECRET_KEY", "MFA_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in harness}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Kq9-production-like-secret-key-with-plenty-of-entropy-3Fz81LmQpW",
    "ALLOWED_HOSTS": "vig.example.gov.uk",
    # Never connected to by `check`; keeps the embedded server out of this test.
    "DATABASE_URL": "postgres://vig:secret@db.invalid:5432/vig",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.gov.uk:587",
    # Production has no development .env (which turns the second factor off for the demo).
    "ENV_FILE": os.devnull,
}


def test_production_settings_pass_check_deploy():
    """With DEBUG off and real values, `check --deploy` reports no warnings at all."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """A missing SECRET_KEY with DEBUG off is a clear configuration error."""
    env = {**PRODUCTION, "SECRET_KEY": ""}  # set but empty, so a local .env cannot fill it
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr

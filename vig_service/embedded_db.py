"""The embedded PostgreSQL server used when no DATABASE_URL is set."""

import atexit
import contextlib
import signal
import subprocess
import sys
import threading
from pathlib import Path

import psycopg2
from psycopg2 import errors, sql

from vig_service.embedded_pg import (
    EmbeddedDatabaseError,
    forget_dead_users,
    get_embedded_server,
    refresh_postmaster,
)

# Signals that end a developer's command (a closed terminal sends SIGHUP) and would otherwise
# skip the exit hooks that stop the server (docs/architecture.md, "The embedded database").
_ENDING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start (or join) the server under data_dir, ensure database `name` exists, return settings.

    The server is shared by every process that uses the project's checkout and is
    stopped cleanly (pg_ctl stop, fast mode) when the last of them exits. A state that
    cannot be repaired ends the command with one line saying what to do.
    """
    pgdata = (data_dir / "postgres").resolve()
    try:
        params = _start(pgdata)
        _create_database(params, name)
    except EmbeddedDatabaseError as error:
        raise SystemExit(f"Embedded database: {error}") from None
    except (OSError, subprocess.SubprocessError, psycopg2.Error, AssertionError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise SystemExit(
            f"Embedded database: the server in {pgdata} did not start ({reason}); "
            f"read {pgdata / 'log'}, or move {pgdata} aside to start afresh, and run again"
        ) from None
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": params["host"],
        "PORT": str(params["port"]),
    }


def _start(pgdata: Path) -> dict:
    """Start or join the server; its connection parameters."""
    _forget_dead_processes(pgdata)
    _exit_cleanly_on_signals()
    joined = pgdata in _joined
    server = get_embedded_server(pgdata)
    if not joined:
        _joined.add(pgdata)
        # Registered after the library's own exit hook, so it runs first.
        atexit.register(_before_cleanup, server)
    info = server.get_postmaster_info()
    return {"user": "postgres", "host": str(info.socket_dir), "port": info.port}


_joined: set[Path] = set()


def _create_database(params: dict, name: str) -> None:
    """Create database `name` unless it exists (another command may be creating it too)."""
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                # Another command starting at the same moment may create it first.
                with contextlib.suppress(errors.DuplicateDatabase, errors.UniqueViolation):
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop processes that died without saying so (SIGKILL) from the server's list of users.

    The server stops when its last user exits; a killed process never leaves the list, so
    without this the server would never be stopped again.
    """
    forget_dead_users(pgdata)


def _exit_cleanly_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into a normal exit, so the server is stopped (pg_ctl stop) at exit.

    Only where nobody else handles them (gunicorn and others install their own).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in _ENDING_SIGNALS:
        if signal.getsignal(signum) is signal.SIG_DFL:
            signal.signal(signum, _exit_on_signal)


def _exit_on_signal(signum, frame):
    """Exit as if the program had ended, ignoring any further ending signal."""
    _ignore_ending_signals()
    sys.exit(128 + signum)


def _ignore_ending_signals() -> None:
    """Ignore Ctrl-C, SIGTERM and SIGHUP from here on: a second one would cut the exit short."""
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, *_ENDING_SIGNALS):
            signal.signal(signum, signal.SIG_IGN)


def _before_cleanup(server) -> None:
    """At exit, before the library's hook: nothing may interrupt it, and it must see who is left.

    On SIGTERM the autoreloader kills its child outright (Django's own handler exits at once),
    so the child never leaves the list; forgotten here, the parent is the last user and stops
    the server itself. The server object is aimed at the postmaster now running.
    """
    _ignore_ending_signals()
    forget_dead_users(server.pgdata)
    refresh_postmaster(server)

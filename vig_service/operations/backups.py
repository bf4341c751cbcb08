"""Backups with pg_dump (custom format) and restores with pg_restore into an empty database."""

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from psycopg2 import sql

from vig_service.operations import postgres


class RestoreRefused(Exception):
    """The target database is not empty, so restoring there could mix or lose records."""


def backup(directory: Path, *, alias: str = "default") -> Path:
    """Dump the database to `directory`/vig-<UTC timestamp>.dump and return the file."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"vig-{stamp}.dump"
    subprocess.run(
        [postgres.pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={path}"],
        env=postgres.libpq_env(alias),
        check=True,
        capture_output=True,
        timeout=3600,
    )
    return path


def table_count(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def ensure_database(name: str, *, alias: str = "default") -> None:
    """Create database `name` on the same server as `alias` if it does not exist."""
    admin = postgres.connect(alias, name="postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        admin.close()


def restore(path: Path, *, alias: str = "default", name: str | None = None) -> str:
    """Restore a dump into the database (or `name` on the same server), refusing a non-empty one.

    All or nothing: pg_restore runs in a single transaction and stops at the first error.
    """
    if not path.is_file():
        raise FileNotFoundError(f"No backup file at {path}")
    if name:
        ensure_database(name, alias=alias)
    target = postgres.connect(alias, name=name)
    try:
        database = target.info.dbname
        if tables := table_count(target):
            raise RestoreRefused(
                f"The database “{database}” already has {tables} tables. Restore only into an "
                "empty database: create a new one and point DATABASE_URL (or EMBEDDED_DB_NAME) "
                "at it."
            )
    finally:
        target.close()
    env = postgres.libpq_env(alias, name=name)
    result = subprocess.run(
        [
            postgres.pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={env['PGDATABASE']}",
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"pg_restore failed: {result.stderr.strip()}")
    return database

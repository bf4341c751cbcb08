"""Installing the summaries' functions and triggers, and rebuilding their rows."""

from django.db import connection, transaction

from vig_service.reports.summaries.sql import (
    FAMILIES,
    TABLES,
    coarse_fill_statements,
    install_statements,
    rebuild_statements,
    uninstall_statements,
)


def install(cursor) -> None:
    """Create or replace every summary function and trigger."""
    for statement in install_statements():
        cursor.execute(statement)


def uninstall(cursor) -> None:
    """Drop every summary trigger and function."""
    for statement in uninstall_statements():
        cursor.execute(statement)


def install_keeping_rows(cursor) -> bool:
    """Install today's functions; when older ones had filled the summaries, fill the coarse
    waits from them (seconds, not a rebuild) and say so."""
    cursor.execute("SELECT to_regprocedure('reports_refresh(text, date[])') IS NOT NULL")
    (filled,) = cursor.fetchone()
    install(cursor)
    if filled:
        for statement in coarse_fill_statements():
            cursor.execute(statement)
    return filled


def rebuild() -> dict[str, int]:
    """Compute every summary again from the records, in one transaction; rows per table."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Every day at once sorts millions of ratings at a million referrals: in memory, not
        # spilled to disk (for this transaction only; the triggers' few days need no more).
        cursor.execute("SET LOCAL work_mem = '256MB'")
        for family in FAMILIES:
            for statement in rebuild_statements(family):
                cursor.execute(statement)
        counts = {}
        for table in sorted({table for tables in TABLES.values() for table in tables}):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own names)
            counts[table] = cursor.fetchone()[0]
    return counts

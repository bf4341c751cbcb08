"""Installing the summaries' functions and triggers, and rebuilding their rows."""

from django.db import connection, transaction

from vig_service.reports.summaries.sql import (
    FAMILIES,
    TABLES,
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


def rebuild() -> dict[str, int]:
    """Compute every summary again from the records, in one transaction; rows per table."""
    with transaction.atomic(), connection.cursor() as cursor:
        for family in FAMILIES:
            for statement in rebuild_statements(family):
                cursor.execute(statement)
        counts = {}
        for table in sorted({table for tables in TABLES.values() for table in tables}):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own names)
            counts[table] = cursor.fetchone()[0]
    return counts

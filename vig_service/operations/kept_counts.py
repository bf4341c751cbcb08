"""Rebuilding what the database's triggers keep (the limit facts, allocation waits and months,
guiders' room, referral counts) from the records, for recovery (docs/architecture.md,
"The limit facts")."""

from importlib import import_module

from django.db import connection, transaction

# Each kept table, and the migration whose set-based BACKFILL fills it from the records, in
# the order they depend on one another: the cycles' part of the limit facts updates the
# cases' rows, and the months count the waits.
KEPT = (
    ("cases_caselimitfacts", "cases.migrations.0015_limit_facts"),
    ("", "cycles.migrations.0008_limit_facts_triggers"),
    ("cases_allocationwait", "cases.migrations.0016_allocation_waits"),
    ("cases_allocationmonth", "cases.migrations.0019_allocation_months"),
    ("cases_guiderroom", "cases.migrations.0017_guider_room"),
    ("referrals_statuscount", "referrals.migrations.0019_status_counts"),
)
BACKFILLS = tuple(module for _, module in KEPT)
# What the kept tables are computed from: writers to these wait while the rebuild runs.
SOURCES = (
    "referrals_referral",
    "cases_case",
    "cases_caseextension",
    "cases_guidercapacity",
    "cycles_cycle",
    "accounts_user",
    "accounts_user_groups",
)


def fill_kept() -> None:
    """Run every BACKFILL in order: each fills what its table lacks from the records."""
    with connection.cursor() as cursor:
        for module in BACKFILLS:
            cursor.execute(import_module(module).BACKFILL)


@transaction.atomic
def rebuild_kept_counts() -> dict[str, int]:
    """Empty every kept table and fill it again from the records, in one transaction; return
    each table's rows. Readers go on meanwhile; writers wait (SHARE lock), so no write falls
    between the emptying and the filling."""
    tables = [table for table, _ in KEPT if table]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(SOURCES)} IN SHARE MODE")
        for table in tables:
            # Its triggers (the months count the waits) run too; the months are emptied after.
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (the constant names above)
    fill_kept()
    counted = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (constant names)
            counted[table] = cursor.fetchone()[0]
    return counted

"""Rebuilding what the database's triggers keep (the limit facts, allocation waits and months,
guiders' room, referral counts) from the records, for recovery (docs/architecture.md,
"Rebuilding the kept counts")."""

import time
from importlib import import_module

from django.db import OperationalError, connection, transaction

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
    "auth_group",
)
# The months' trigger counts in the zone its migration was run with (its argument).
MONTHS_TRIGGER = "cases_allocation_month_wait"
# How long to keep trying for the locks, each try failing at once if a writer holds one.
LOCK_TRIES, LOCK_PAUSE = 120, 0.5


class KeptCountsBusy(Exception):
    """Writers held the tables throughout; nothing was changed."""


def fill_kept() -> None:
    """Run every BACKFILL in order: each fills what its table lacks from the records."""
    with connection.cursor() as cursor:
        for module in BACKFILLS:
            cursor.execute(import_module(module).BACKFILL)


def rebuild_kept_counts(*, tries: int | None = None, pause: float | None = None) -> dict[str, int]:
    """Empty every kept table and fill it again from the records, in one transaction; return
    each table's rows.

    Readers go on meanwhile; writers wait (SHARE lock), so no write falls between the
    emptying and the filling. The locks are taken NOWAIT and tried again after a pause: one
    waited for while others are held would deadlock with a writer that takes the same tables
    in another order (an allocation locks its referral, then writes its case).
    """
    tries, pause = tries or LOCK_TRIES, LOCK_PAUSE if pause is None else pause
    for _ in range(tries):
        try:
            return _rebuild()
        except OperationalError as refused:
            if getattr(refused.__cause__, "pgcode", None) != "55P03":  # lock_not_available
                raise
        time.sleep(pause)
    raise KeptCountsBusy(f"Writers held the tables for {tries * pause:.0f} seconds; try again.")


@transaction.atomic
def _rebuild() -> dict[str, int]:
    tables = [table for table, _ in KEPT if table]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(SOURCES)} IN SHARE MODE NOWAIT")
        for table in tables:
            # Its triggers (the months count the waits) run too; the months are emptied after.
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (the constant names above)
    fill_kept()
    with connection.cursor() as cursor:
        # The BACKFILL counts months in today's settings' zone; the trigger keeps its own. A
        # month kept in no trigger's zone would never change again, so it goes: a reader
        # counts such a month afresh.
        cursor.execute("SELECT tgargs FROM pg_trigger WHERE tgname = %s", [MONTHS_TRIGGER])
        (arguments,) = cursor.fetchone()
        zone = bytes(arguments).split(b"\x00")[0].decode()
        cursor.execute("DELETE FROM cases_allocationmonth WHERE zone <> %s", [zone])
        counted = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (constant names)
            counted[table] = cursor.fetchone()[0]
    return counted

"""`manage.py rebuild_kept_counts` puts every count the triggers keep back as the records say,
whatever had become of it (docs/architecture.md, "The limit facts")."""

import contextlib
import io
from unittest import mock

import psycopg2
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cases.models import AllocationMonth
from cases.tests import test_allocation_waits as waits
from cases.tests import test_guider_room as room
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseExtensionFactory,
    ClosedCaseFactory,
    GuiderCapacityFactory,
)
from cycles.tests import test_limit_facts as limits
from cycles.tests.case_factories import CycleFactory
from referrals.tests import test_status_counts as statuses
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.operations import kept_counts
from vig_service.operations.kept_counts import SOURCES, KeptCountsBusy, rebuild_kept_counts

pytestmark = pytest.mark.django_db

# Each kept table read as kept and as counted afresh, by the tests that prove its triggers.
ORACLES = {
    "limit facts": (limits._stored, limits._fresh),
    "allocation waits": (waits._stored_waits, waits._fresh_waits),
    "allocation months": (waits._months_kept, waits._months_fresh),
    "guiders' room": (room._kept, room._fresh),
    "referral counts": (statuses._kept, statuses._fresh),
}
# What a restore with the triggers off, or a hand's edit, could leave: every table wrong.
DRIFT = """
UPDATE cases_caselimitfacts SET cycles_started = cycles_started + 5, "open" = NOT "open";
DELETE FROM cases_caselimitfacts WHERE case_id = (SELECT min(case_id) FROM cases_caselimitfacts);
UPDATE cases_allocationwait SET waited = waited + interval '9 days';
DELETE FROM cases_allocationwait WHERE case_id = (SELECT max(case_id) FROM cases_allocationwait);
UPDATE cases_allocationmonth SET waits = waits + 3;
UPDATE cases_guiderroom SET open_cases = open_cases + 42;
DELETE FROM cases_guiderroom WHERE guider_id = (SELECT min(guider_id) FROM cases_guiderroom);
UPDATE referrals_statuscount SET n = n + 7;
INSERT INTO referrals_statuscount (status, tier, n) VALUES ('declined', 3, 5)
    ON CONFLICT (status, tier) DO UPDATE SET n = 5;
"""


def _records():
    for case in ActiveCaseFactory.create_batch(3):
        CycleFactory(case=case)
        CaseExtensionFactory(case=case)
        GuiderCapacityFactory(guider=case.guider)
    ClosedCaseFactory()
    SubmittedReferralFactory.create_batch(2, priority_tier=2)
    SubmittedReferralFactory(status="declined", priority_tier=None)


def test_every_kept_count_is_as_the_records_say_after_a_rebuild_whatever_it_was():
    _records()
    with connection.cursor() as cursor:
        cursor.execute(DRIFT)
    drifted = [name for name, (kept, fresh) in ORACLES.items() if kept() != fresh()]
    assert drifted == list(ORACLES)
    output = io.StringIO()
    call_command("rebuild_kept_counts", stdout=output)
    assert [name for name, (kept, fresh) in ORACLES.items() if kept() != fresh()] == []
    assert "Rebuilt cases_caselimitfacts: 4 rows" in output.getvalue()
    assert "Rebuilt referrals_statuscount" in output.getvalue()


def test_a_rebuild_of_counts_already_right_changes_nothing():
    _records()
    before = {name: kept() for name, (kept, _) in ORACLES.items()}
    call_command("rebuild_kept_counts", stdout=io.StringIO())
    call_command("rebuild_kept_counts", stdout=io.StringIO())
    assert {name: kept() for name, (kept, _) in ORACLES.items()} == before


@contextlib.contextmanager
def mock_tries():
    """The command's tries made few and quick, so a test need not wait a minute."""
    with (
        mock.patch.object(kept_counts, "LOCK_TRIES", 2),
        mock.patch.object(kept_counts, "LOCK_PAUSE", 0.01),
    ):
        yield


KEPT_TRIGGERS = (
    "cases_limit_facts",
    "cases_allocation_wait",
    "cases_guider_room",
    "referrals_count",
)


def test_every_table_a_kept_count_is_computed_from_is_locked_by_the_rebuild():
    """A write to a table whose trigger keeps a count must wait for the rebuild."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname LIKE ANY(%s)",
            [[f"{name}%" for name in KEPT_TRIGGERS]],
        )
        triggered = {table for (table,) in cursor.fetchall()}
    assert {"cases_case", "referrals_referral"} <= triggered
    # cases_allocationwait is kept itself, and emptied and refilled under the same lock.
    assert triggered - {"cases_allocationwait"} <= set(SOURCES)


@pytest.mark.django_db(transaction=True)
def test_a_writer_holding_a_table_makes_the_rebuild_wait_then_say_so_changing_nothing():
    _records()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE referrals_statuscount SET n = n + 7")
    writer = psycopg2.connect(**connection.get_connection_params())
    try:
        with writer.cursor() as held:
            held.execute("LOCK TABLE cases_case IN ROW EXCLUSIVE MODE")
            with pytest.raises(KeptCountsBusy):
                rebuild_kept_counts(tries=3, pause=0.01)
            with pytest.raises(CommandError, match="Writers held the tables"), mock_tries():
                call_command("rebuild_kept_counts", stdout=io.StringIO())
        assert statuses._kept() != statuses._fresh()
        writer.rollback()
        rebuild_kept_counts(tries=3, pause=0.01)
        assert statuses._kept() == statuses._fresh()
    finally:
        writer.close()


def test_months_are_kept_in_the_triggers_zone_even_after_the_settings_zone_changed():
    """The trigger counts in the zone its migration ran with; a month the rebuild counted in
    today's settings' zone would never change again, so only the trigger's zone is kept."""
    _records()
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER cases_allocation_month_wait ON cases_allocationwait;"
            "CREATE TRIGGER cases_allocation_month_wait "
            "AFTER INSERT OR DELETE OR UPDATE OF allocated_at, waited ON cases_allocationwait "
            "FOR EACH ROW EXECUTE FUNCTION cases_allocation_month_of_wait('America/New_York')"
        )
    call_command("rebuild_kept_counts", stdout=io.StringIO())
    zones = set(AllocationMonth.objects.values_list("zone", flat=True))
    assert zones == {"America/New_York"} != {settings.TIME_ZONE}
    # The settings' zone has no kept month, so each is counted afresh, and right.
    assert waits._months_kept() == {}

"""`manage.py rebuild_kept_counts` puts every count the triggers keep back as the records say,
whatever had become of it (docs/architecture.md, "The limit facts")."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

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

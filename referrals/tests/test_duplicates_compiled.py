"""A coordinator's referral page lists the same possible duplicates from its compiled query
as `possible_duplicates` finds, whatever is known of the child (docs/architecture.md,
"Compiled queries")."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals.children import Child
from referrals.duplicate_selectors import coordinators_possible_duplicates, possible_duplicates
from referrals.services.restrictions import restriction_add
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

NHS = "9434765919"
BORN = date(2021, 3, 14)
NAMES = {"child_first_name": "Morwenna", "child_last_name": "Angove"}
KNOWN = {
    "NHS number only": {"child_nhs_number": NHS, "child_first_name": ""},
    "names and birth date only": {"child_nhs_number": "", **NAMES, "child_date_of_birth": BORN},
    "both": {"child_nhs_number": NHS, **NAMES, "child_date_of_birth": BORN},
    "neither": {"child_nhs_number": "", "child_first_name": "", "child_date_of_birth": BORN},
}


def _others(coordinator):
    by_nhs = SubmittedReferralFactory(child_nhs_number=NHS, child_first_name="Other")
    by_name = SubmittedReferralFactory(
        child_nhs_number="",
        child_first_name="MORWENNA",
        child_last_name="angove",
        child_date_of_birth=BORN,
    )
    # Not duplicates: another birth date, a declined referral, a draft, a restricted child's.
    SubmittedReferralFactory(child_nhs_number="", **NAMES, child_date_of_birth=date(2021, 3, 15))
    SubmittedReferralFactory(child_nhs_number=NHS, status="declined")
    CompleteDraftFactory(child_nhs_number=NHS)
    hidden = SubmittedReferralFactory(child_nhs_number=NHS, child=Child.objects.create())
    named = CoordinatorFactory()
    restriction_add(child_id=hidden.child_id, staff_ids=[named.pk], reason="Family", by=named)
    return by_nhs, by_name


@pytest.mark.parametrize("known", list(KNOWN))
def test_the_compiled_duplicates_are_the_ones_possible_duplicates_finds(known):
    coordinator = CoordinatorFactory()
    by_nhs, by_name = _others(coordinator)
    referral = SubmittedReferralFactory(**KNOWN[known])
    expected = list(possible_duplicates(referral=referral, user=coordinator))
    for _ in range(2):  # compiled at the first call, bound at the second
        assert coordinators_possible_duplicates(referral=referral, user=coordinator) == expected
    assert (
        set(expected)
        == {
            "NHS number only": {by_nhs},
            "names and birth date only": {by_name},
            "both": {by_nhs, by_name},
            "neither": set(),
        }[known]
    )


def test_a_coordinators_duplicates_are_one_query_and_none_when_nothing_is_known():
    coordinator = CoordinatorFactory()
    _others(coordinator)
    known = SubmittedReferralFactory(**KNOWN["both"])
    unknown = SubmittedReferralFactory(**KNOWN["neither"])
    coordinators_possible_duplicates(referral=known, user=coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert len(coordinators_possible_duplicates(referral=known, user=coordinator)) == 2
        assert coordinators_possible_duplicates(referral=unknown, user=coordinator) == []
    assert len(queries) == 1

"""The case lifecycle table and what the database itself refuses."""

import pytest
from django.db import IntegrityError

from cases.models import Case, CaseEvent
from cases.tests.factories import CaseFactory
from vig_service.accounts.tests.factories import GuiderFactory

ALL = list(Case.Status)
ALLOWED = {
    ("allocated", "contracting"),
    ("allocated", "closed"),
    ("contracting", "active"),
    ("contracting", "closed"),
    ("active", "closed"),
}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table(source, target):
    """Every status pair: only the lifecycle's arrows are allowed."""
    case = Case(status=source)
    assert case.can_become(target) == ((source.value, target.value) in ALLOWED)


def test_database_refuses_a_second_case_for_the_same_referral(db):
    """One referral opens one case, even if two allocations raced past every other check."""
    case = CaseFactory()
    with pytest.raises(IntegrityError):
        Case.objects.create(referral=case.referral, guider=GuiderFactory())


def test_database_refuses_a_guider_as_their_own_co_worker(db):
    """The guider and co-worker are two different people."""
    case = CaseFactory()
    case.co_worker = case.guider
    with pytest.raises(IntegrityError):
        case.save()


def test_case_is_named_by_its_referral_reference(db):
    """A case reads as its referral's reference wherever it is shown."""
    case = CaseFactory(referral__reference="VIG-2026-00042")
    assert str(case) == "VIG-2026-00042"


def test_database_refuses_a_timeline_action_that_is_not_in_the_action_choices(db):
    """Every line of a case's timeline has a label users can read: no raw strings."""
    case = CaseFactory()
    with pytest.raises(IntegrityError):
        CaseEvent.objects.create(case=case, action="something_new")

"""CaseAccess: each role's choices on a case it can see, decided in one place."""

import pytest

from cases.models import Case
from cases.permissions import case_access
from cases.tests.factories import ClosedCaseFactory, ContractingCaseFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    SupervisorFactory,
)

CHOICES = (
    "works_on",
    "may_change",
    "may_start",
    "may_ask_extension",
    "may_extend",
    "may_reassign",
    "may_record_supervision",
)
# On a case in contracting: who may do what.
OPEN = {
    "guider": {
        "works_on",
        "may_change",
        "may_start",
        "may_ask_extension",
        "may_record_supervision",
    },
    "co_worker": {
        "works_on",
        "may_change",
        "may_start",
        "may_ask_extension",
        "may_record_supervision",
    },
    "coordinator": {
        "works_on",
        "may_change",
        "may_start",
        "may_ask_extension",
        "may_reassign",
        "may_record_supervision",
    },
    "supervisor": {"may_record_supervision"},
    "manager": {"may_extend"},
}


def _user(who, case):
    if who == "guider":
        return case.guider
    if who == "co_worker":
        case.co_worker = GuiderFactory()
        case.save()
        return case.co_worker
    return {
        "coordinator": CoordinatorFactory,
        "supervisor": SupervisorFactory,
        "manager": ManagerFactory,
    }[who]()


@pytest.mark.parametrize("who", OPEN)
def test_each_role_has_its_choices_on_an_open_case(db, who):
    """The guider and co-worker change their case; a manager only extends; a supervisor only
    records supervision."""
    case = ContractingCaseFactory()
    access = case_access(user=_user(who, case), case=case)
    assert {name for name in CHOICES if getattr(access, name)} == OPEN[who]


@pytest.mark.parametrize("who", ["guider", "coordinator", "manager"])
def test_a_closed_case_can_no_longer_be_changed_extended_or_reassigned(db, who):
    """Once closed, the people who worked on it still read it, and nobody adds to it."""
    case = ClosedCaseFactory()
    access = case_access(user=_user(who, case), case=case)
    refused = ("may_change", "may_extend", "may_reassign", "may_ask_extension")
    assert [name for name in refused if getattr(access, name)] == []


def test_another_guider_has_no_choices_on_a_case_that_is_not_theirs(db):
    """Seeing a case is decided elsewhere; working on it needs to be its guider or co-worker."""
    access = case_access(user=GuiderFactory(), case=ContractingCaseFactory())
    assert not any(getattr(access, name) for name in CHOICES)


@pytest.mark.parametrize("who", [*OPEN, "other guider"])
def test_a_case_read_through_visible_to_is_decided_as_worked_on_by_decides(db, who):
    """Without the query: the same answer as worked_on_by for every case the user can see."""
    case = ContractingCaseFactory()
    user = GuiderFactory() if who == "other guider" else _user(who, case)
    for seen in Case.objects.visible_to(user):
        assert (
            case_access(user=user, case=seen, visible=True).works_on
            == case_access(user=user, case=seen).works_on
        )

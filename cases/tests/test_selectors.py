"""Caseloads against capacity, and who may see which cases."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseSettings
from cases.selectors import capacity_for, guiders_with_caseload, guiders_with_room
from cases.tests.factories import CaseFactory, ClosedCaseFactory, GuiderCapacityFactory
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ReferrerFactory,
    UserFactory,
)


def _loads():
    return {load.guider: load for load in guiders_with_caseload()}


def test_caseload_counts_only_open_cases_where_they_are_the_guider(db):
    """Closed cases and co-worked cases do not count against a guider's capacity."""
    guider = GuiderFactory()
    CaseFactory.create_batch(2, guider=guider)
    ClosedCaseFactory(guider=guider)
    CaseFactory(co_worker=guider)

    assert _loads()[guider].open_cases == 2


def test_capacity_is_the_guiders_own_number_or_the_default(db):
    """A part-time guider's own 4 wins; everyone else has the service's default."""
    settings = CaseSettings.load()
    settings.default_capacity = 6
    settings.save()
    full_time = GuiderFactory()
    part_time = GuiderCapacityFactory(capacity=4).guider

    loads = _loads()
    assert (loads[full_time].capacity, loads[full_time].overridden) == (6, False)
    assert (loads[part_time].capacity, loads[part_time].overridden) == (4, True)
    assert (capacity_for(full_time), capacity_for(part_time)) == (6, 4)


def test_guiders_with_room_follow_the_default_capacity_as_it_is_changed(db):
    """The home page's count uses the default saved now, not the one of its first use."""
    for open_cases in (2, 3):
        CaseFactory.create_batch(open_cases, guider=GuiderFactory())
    GuiderCapacityFactory(capacity=5, guider=GuiderFactory())
    ClosedCaseFactory.create_batch(4, guider=GuiderFactory())
    GuiderFactory(is_active=False)
    settings = CaseSettings.load()
    counts = []
    for default in (3, 2, 8):
        settings.default_capacity = default
        settings.save()
        counts.append(guiders_with_room())
    # Capacity 3: the guider with 2 open and the two others; 2: only the two others.
    assert counts == [(3, 4), (2, 4), (4, 4)]


def test_would_exceed_when_one_more_case_goes_beyond_capacity(db):
    """At capacity, one more case would exceed it; one below, it would not."""
    at_capacity = GuiderCapacityFactory(capacity=2).guider
    one_below = GuiderCapacityFactory(capacity=3).guider
    for guider in (at_capacity, one_below):
        CaseFactory.create_batch(2, guider=guider)

    loads = _loads()
    assert loads[at_capacity].would_exceed
    assert loads[at_capacity].remaining == 0
    assert not loads[one_below].would_exceed
    assert loads[one_below].remaining == 1


def test_a_guider_with_capacity_0_cannot_take_any_case_without_exceeding(db):
    """Capacity 0 (for example, on leave) means any new case is beyond it."""
    on_leave = GuiderCapacityFactory(capacity=0).guider
    assert _loads()[on_leave].would_exceed


def test_caseload_lists_only_active_guiders_by_name(db):
    """Deactivated guiders and people without the guider role are left out."""
    zoe = GuiderFactory(full_name="Zoe Angove")
    amy = GuiderFactory(full_name="Amy Tregear")
    both = UserFactory(full_name="Mo Kitto", roles=[Role.GUIDER, Role.COORDINATOR])
    GuiderFactory(is_active=False)
    CoordinatorFactory()
    ReferrerFactory()

    assert [load.guider for load in guiders_with_caseload()] == [amy, both, zoe]


def test_caseload_query_count_does_not_grow_with_guiders_or_cases(db):
    """The same number of queries for 2 guiders or 12, with or without cases."""

    def count():
        with CaptureQueriesContext(connection) as context:
            loads = guiders_with_caseload()
            [(load.guider.full_name, load.remaining, load.would_exceed) for load in loads]
        return len(context), len(loads)

    GuiderFactory.create_batch(2)
    count()  # creates the case settings on first use
    few, listed = count()
    assert listed == 2

    for guider in GuiderFactory.create_batch(10):
        CaseFactory.create_batch(2, guider=guider)
        GuiderCapacityFactory(guider=guider, capacity=5)
    many, listed = count()
    assert listed == 12
    assert many == few


def test_coordinators_see_every_case(db):
    """The coordinator works across the whole caseload."""
    cases = {CaseFactory(), ClosedCaseFactory()}
    assert set(Case.objects.visible_to(CoordinatorFactory())) == cases


def test_guiders_see_the_cases_they_guide_or_co_work_only(db):
    """A guider sees their own and co-worked cases, not a colleague's."""
    guider = GuiderFactory()
    own = CaseFactory(guider=guider)
    co_worked = CaseFactory(co_worker=guider)
    colleagues = CaseFactory()

    assert set(Case.objects.visible_to(guider)) == {own, co_worked}
    assert set(Case.objects.visible_to(colleagues.guider)) == {colleagues}


def test_referrers_and_administrators_see_no_cases(db):
    """Even the referrer who made the referral does not see the case; nor does the admin."""
    case = CaseFactory()
    assert not Case.objects.visible_to(case.referral.referrer).exists()
    assert not Case.objects.visible_to(AdministratorFactory()).exists()


def test_open_excludes_closed_cases(db):
    """Allocated, contracting and active cases are open; closed ones are not."""
    open_cases = {CaseFactory(), CaseFactory(status=Case.Status.ACTIVE)}
    ClosedCaseFactory()
    assert set(Case.objects.open()) == open_cases

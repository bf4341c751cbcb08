"""The case rules other apps reuse as queryset methods: first filming, limit, capacity."""

from datetime import date, timedelta

import time_machine
from django.http import Http404
from django.utils import timezone

from cases import rules, selectors
from cases.configuration import CaseSettings
from cases.models import Case
from cases.querysets import guider_capacity
from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory, GuiderCapacityFactory
from cycles.tests.case_factories import (
    CycleFactory,
    ExtensionRequestFactory,
    NearLimitCaseFactory,
    ReviewedCycleFactory,
)
from referrals.children import Child, Restriction
from referrals.services import restriction_add
from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import CoordinatorFactory, GuiderFactory, ManagerFactory


def _filmed(case, number, filmed_on):
    return ReviewedCycleFactory(
        case=case, number=number, filmed_on=filmed_on, edited_on=filmed_on, review=None
    )


def test_the_first_filming_is_the_earliest_date_filmed_even_when_a_later_cycle_was_earlier(db):
    """Cycle 2's date corrected to before cycle 1's: the first filming is cycle 2's date."""
    case = ActiveCaseFactory()
    _filmed(case, 1, date(2025, 3, 10))
    _filmed(case, 2, date(2025, 3, 1))

    annotated = Case.objects.with_first_filming().get(pk=case.pk)

    assert annotated.first_filmed_on == date(2025, 3, 1)


def test_a_case_never_filmed_has_no_first_filming(db):
    """A planned cycle has no date filmed; the case has no first filming yet."""
    case = CycleFactory().case

    assert Case.objects.with_first_filming().get(pk=case.pk).first_filmed_on is None


def test_the_limit_counts_its_months_from_the_same_first_filming_as_the_case_page(db):
    """The limit list, the case page's limit and the annotation agree on the end date."""
    case = ActiveCaseFactory()
    today = timezone.localdate()
    _filmed(case, 1, today - timedelta(days=20))
    _filmed(case, 2, today - timedelta(days=40))
    months = CaseSettings.load().month_limit

    listed = Case.objects.with_limit().get(pk=case.pk)

    expected = rules.add_months(today - timedelta(days=40), months)
    assert listed.limit_ends_on == expected
    assert selectors.limit_for(case=case).ends_on == expected


def test_first_filmed_between_counts_a_case_only_in_the_range_of_its_first_filming(db):
    """Filmed in January and February: in January's range, not February's."""
    case = ActiveCaseFactory()
    _filmed(case, 1, date(2025, 1, 20))
    _filmed(case, 2, date(2025, 2, 15))

    january = Case.objects.first_filmed_between(date(2025, 1, 1), date(2025, 1, 31))
    february = Case.objects.first_filmed_between(date(2025, 2, 1), date(2025, 2, 28))

    assert [(c.pk, c.first_filmed_on) for c in january] == [(case.pk, date(2025, 1, 20))]
    assert not february.exists()


def test_a_guiders_capacity_is_their_own_number_else_the_default(db):
    """A part-time guider's 4; everyone else the default given."""
    part_time = GuiderCapacityFactory(capacity=4).guider
    full_time = GuiderFactory()

    capacities = dict(
        User.objects.filter(pk__in=[part_time.pk, full_time.pk])
        .annotate(capacity=guider_capacity(9))
        .values_list("pk", "capacity")
    )

    assert capacities == {part_time.pk: 4, full_time.pk: 9}


def test_limit_counts_equal_the_near_limit_list_and_the_waiting_requests_for_each_role(db):
    """One query gives what near_limit() and the waiting requests count, whoever looks."""
    ExtensionRequestFactory.create_batch(2)
    NearLimitCaseFactory.create_batch(3)
    ActiveCaseFactory.create_batch(2)
    ExtensionRequestFactory(case=ClosedCaseFactory())
    restricted = NearLimitCaseFactory(referral__child=Child.objects.create())
    Restriction.objects.create(
        child=restricted.referral.child, reason="Family", restricted_by=CoordinatorFactory()
    )
    for user in (ManagerFactory(), CoordinatorFactory(), GuiderFactory()):
        visible = Case.objects.visible_to(user)
        waiting = selectors.waiting_extension_requests(user=user).count()
        expected = {"near": visible.near_limit().count(), "waiting": waiting}
        assert visible.limit_counts() == expected
        assert selectors.limit_counts(user=user) == expected  # compiled per set of roles
    assert expected == {"near": 0, "waiting": 0}
    assert Case.objects.visible_to(ManagerFactory()).limit_counts() == {"near": 5, "waiting": 3}


def test_a_managers_counts_leave_out_only_what_is_restricted_from_them(db):
    """Every near case and waiting request less those of a child restricted from them."""
    named, other = ManagerFactory(), ManagerFactory()
    child = Child.objects.create()
    ExtensionRequestFactory(case=NearLimitCaseFactory(referral__child=child))
    NearLimitCaseFactory()
    ExtensionRequestFactory(case=ClosedCaseFactory(referral__child=child))
    restriction_add(child_id=child.pk, staff_ids=[named.pk], reason="Family", by=named)
    for manager in (named, other):
        visible = Case.objects.visible_to(manager)
        waiting = selectors.waiting_extension_requests(user=manager).count()
        expected = {"near": visible.near_limit().count(), "waiting": waiting}
        assert selectors.limit_counts(user=manager) == expected
    assert selectors.limit_counts(user=named) == {"near": 2, "waiting": 2}
    assert selectors.limit_counts(user=other) == {"near": 1, "waiting": 0}


def test_the_home_pages_limit_counts_follow_the_service_limits_and_the_day(db):
    """Compiled once, the counts still use today's date and the limits saved now."""
    manager = ManagerFactory()
    case = ActiveCaseFactory()
    today = timezone.localdate()
    for number in (1, 2, 3):
        _filmed(case, number, today)
    settings = CaseSettings.load()
    counts = []
    for cycle_limit in (6, 3, 6):
        settings.cycle_limit = cycle_limit
        settings.save()
        counts.append(selectors.limit_counts(user=manager)["near"])
    with time_machine.travel(today + timedelta(days=30 * settings.month_limit)):
        counts.append(selectors.limit_counts(user=manager)["near"])
    assert counts == [0, 1, 0, 1]


def test_the_overview_finds_only_cases_in_each_viewers_scope_whoever_looked_first(db):
    """Compiled per set of roles: a guider's own case, a manager's near-limit one; the rest 404."""
    ann, bob, manager = GuiderFactory(), GuiderFactory(), ManagerFactory()
    anns, near = ActiveCaseFactory(guider=ann), NearLimitCaseFactory(guider=bob)
    seen = [
        (viewer.pk, case.pk)
        for viewer in (ann, bob, manager, ann)
        for case in (anns, near)
        if _found(viewer, case)
    ]
    assert seen == [(ann.pk, anns.pk), (bob.pk, near.pk), (manager.pk, near.pk), (ann.pk, anns.pk)]
    overview = selectors.case_for_overview(user=manager, pk=near.pk)
    assert (overview.referral, overview.guider, overview.progress.near_limit) == (
        near.referral,
        bob,
        True,
    )


def _found(viewer, case) -> bool:
    try:
        return selectors.case_for_overview(user=viewer, pk=case.pk).pk == case.pk
    except Http404:
        return False

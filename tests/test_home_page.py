"""The home page per role: what needs each person today, each line linking to where it is done."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory, GuiderCapacityFactory
from cycles.tests.case_factories import ExtensionRequestFactory, NearLimitCaseFactory
from referrals.models import Referral
from referrals.services import referral_accept, referral_request_information
from referrals.tests.factories import SubmittedReferralFactory
from training.tests.factories import SupervisionSessionFactory, TraineeFactory
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    UserFactory,
)
from vig_service.core.tests.home_page import home_cards

SITE = "http://testserver/"


def _home(client, user) -> dict:
    client.force_login(user)
    return home_cards(client.get(reverse("core:home")).content.decode())


def _queue(query: str) -> str:
    return f"{reverse('referrals:queue')}?{query}"


def _ask(referral, coordinator, *, days_ago: int) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
        referral_request_information(
            referral_id=referral.pk,
            by=coordinator,
            message="Who else lives at home?",
            site_url=SITE,
        )


def _coordinator_world(size: int, coordinator) -> None:
    for tier in (1, 2):
        SubmittedReferralFactory.create_batch(size, priority_tier=tier)
    SubmittedReferralFactory(priority_tier=None)
    for referral in SubmittedReferralFactory.create_batch(size):
        _ask(referral, coordinator, days_ago=10)
    _ask(SubmittedReferralFactory(), coordinator, days_ago=2)
    for referral in SubmittedReferralFactory.create_batch(size):
        referral_accept(referral_id=referral.pk, by=coordinator, site_url=SITE)
    full = GuiderFactory()
    GuiderCapacityFactory(guider=full, capacity=size)
    ActiveCaseFactory.create_batch(size, guider=full)
    GuiderFactory.create_batch(size)


def test_coordinator_sees_new_referrals_by_tier_waits_for_the_referrer_and_capacity(client, db):
    """Each count links to the queue filtered as it counts, or to the waiting list and caseload."""
    coordinator = CoordinatorFactory()
    _coordinator_world(2, coordinator)

    cards = _home(client, coordinator)

    assert cards["New referrals to decide"] == [
        ("Tier 1 referrals", _queue("tier=1"), "", "2"),
        ("Tier 2 referrals", _queue("tier=2"), "", "2"),
        ("Referrals with no tier", _queue("tier=none"), "", "1"),
    ]
    assert cards["Waiting for the referrer"] == [
        (
            "Asked for more information over 7 days ago",
            _queue("status=more_info_requested"),
            "",
            "2",
        )
    ]
    assert cards["Waiting list"] == [
        ("Accepted, waiting for a guider", reverse("referrals:waiting_list"), "", "2")
    ]
    assert cards["Guiders' capacity"] == [
        (
            "Guiders with room for a new case",
            reverse("reports:report", args=["caseload"]),
            "1 at or over their capacity",
            "2 of 3",
        )
    ]


def test_the_queue_link_shows_the_referrals_the_home_page_counted(client, db):
    """Following "Tier 1 referrals" lists exactly the tier 1 referrals waiting for a decision."""
    coordinator = CoordinatorFactory()
    wanted = SubmittedReferralFactory.create_batch(2, priority_tier=1)
    SubmittedReferralFactory(priority_tier=2)
    url = _home(client, coordinator)["New referrals to decide"][0][1]
    html = client.get(url).content.decode()
    assert all(referral.reference in html for referral in wanted)
    assert Referral.objects.get(priority_tier=2).reference not in html


def test_coordinator_with_nothing_waiting_is_told_so_plainly(client, db):
    """Empty cards say so in words instead of showing noughts."""
    cards = _home(client, CoordinatorFactory())
    assert cards["New referrals to decide"] == "No new referrals are waiting for a decision."
    assert cards["Waiting for the referrer"] == (
        "No referrer has left a question unanswered for over 7 days."
    )
    assert cards["Waiting list"] == "No accepted referral is waiting for a guider."
    assert cards["Guiders' capacity"] == "There are no active guiders."


def _overdue_case(guider, **kwargs) -> Case:
    closed = timezone.localdate() - timedelta(days=3 * 365)
    return ClosedCaseFactory(
        guider=guider, closed_on=closed, footage_location="Locked cabinet, room 4", **kwargs
    )


def test_guider_sees_each_overdue_action_on_their_cases_linking_to_its_page(client, db):
    """Footage overdue for deletion on their case and the one they co-work; not others' cases."""
    guider = GuiderFactory()
    own = _overdue_case(guider)
    co_worked = _overdue_case(GuiderFactory(), co_worker=guider)
    _overdue_case(GuiderFactory())
    ActiveCaseFactory(guider=guider)  # nothing overdue

    lines = _home(client, guider)["Overdue on your cases"]

    assert sorted(lines) == sorted(
        [
            (
                f"{case.referral.reference}: Footage deletion overdue",
                reverse("cases:footage", args=[case.pk]),
                "",
                "Overdue",
            )
            for case in (own, co_worked)
        ]
    )


def test_guider_with_nothing_overdue_is_told_so(client, db):
    """The card says nothing is overdue."""
    guider = GuiderFactory()
    ActiveCaseFactory(guider=guider)
    assert _home(client, guider)["Overdue on your cases"] == "Nothing on your cases is overdue."


def test_supervisor_sees_supervision_due_and_stages_ready_to_sign_off(client, db):
    """Each supervisee due supervision links to recording a session; a stage met to sign-off."""
    supervisor = SupervisorFactory()
    due = TraineeFactory(supervisor=supervisor, full_name="Dana Due")
    ready = TraineeFactory(
        supervisor=supervisor, full_name="Rhys Ready", external_cycles=99, external_clients=99
    )
    SupervisionSessionFactory(trainee=ready, minutes=60 * 100)
    TraineeFactory(full_name="Someone Else's")  # another supervisor's

    cards = _home(client, supervisor)

    assert cards["Supervision due"] == [
        (
            "Dana Due",
            reverse("training:supervision_add", args=[due.pk]),
            "No supervision recorded yet",
            "",
        )
    ]
    assert cards["Stage sign-offs waiting"] == [
        (
            "Rhys Ready",
            reverse("training:sign_off", args=[ready.pk]),
            "Stage 1 requirements met",
            "",
        )
    ]


def test_supervisor_without_supervisees_is_told_so(client, db):
    """Both cards say there is nothing to do."""
    cards = _home(client, SupervisorFactory())
    assert cards["Supervision due"] == "None of your supervisees is due supervision."
    assert cards["Stage sign-offs waiting"] == "No stage is waiting for your sign-off."


def _allocated(*, at: datetime, waited_days: int) -> Case:
    case = ActiveCaseFactory()
    Case.objects.filter(pk=case.pk).update(created_at=at)
    Referral.objects.filter(pk=case.referral_id).update(
        submitted_at=at - timedelta(days=waited_days)
    )
    return case


def _month_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day.replace(day=1), time(12)))


def test_manager_sees_this_months_median_wait_to_allocation_against_last_months(client, db):
    """Medians of submission → allocation for cases allocated this month and last month."""
    this_month = _month_start(timezone.localdate())
    last_month = this_month - timedelta(days=20)
    for days in (10, 20, 30):
        _allocated(at=this_month, waited_days=days)
    for days in (40, 50):
        _allocated(at=last_month, waited_days=days)

    cards = _home(client, ManagerFactory())

    assert cards["Waiting times"] == [
        (
            "Median wait from referral to allocation this month",
            reverse("reports:report", args=["waiting-times"]),
            "Last month: 45 days",
            "20 days",
        )
    ]


def test_manager_sees_extension_requests_and_cases_at_their_limit(client, db):
    """Requests waiting and cases at or near their limit, each linking to its list."""
    ExtensionRequestFactory()
    NearLimitCaseFactory()
    cards = _home(client, ManagerFactory())
    assert cards["Extensions and limits"] == [
        ("Extension requests waiting", reverse("cases:extension_requests"), "", "1"),
        ("Cases at or near their limit", reverse("cases:near_limit"), "", "2"),
    ]
    # The factories submit and allocate both cases this very moment.
    assert cards["Waiting times"][0][2:] == ("Last month: No allocations", "0 days")


def test_referrer_sees_referrals_waiting_for_their_answer_and_recent_changes(client, db):
    """Their own referrals only, each linking to the referral where they answer or read it."""
    referrer, coordinator = ReferrerFactory(), CoordinatorFactory()
    asked = SubmittedReferralFactory(referrer=referrer)
    _ask(asked, coordinator, days_ago=1)
    accepted = SubmittedReferralFactory(referrer=referrer)
    referral_accept(referral_id=accepted.pk, by=coordinator, site_url=SITE)
    long_ago = SubmittedReferralFactory(referrer=referrer)
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        referral_accept(referral_id=long_ago.pk, by=coordinator, site_url=SITE)
    SubmittedReferralFactory(referrer=referrer)  # nothing happened yet
    _ask(SubmittedReferralFactory(), coordinator, days_ago=1)  # someone else's

    cards = _home(client, referrer)

    asked_on = timezone.localtime(timezone.now() - timedelta(days=1))
    today = timezone.localtime()
    assert cards["Waiting for your answer"] == [
        (
            asked.reference,
            reverse("referrals:detail", args=[asked.pk]),
            f"More information asked for on {asked_on:%-d %B %Y}",
            "",
        )
    ]
    assert cards["Changed in the last 14 days"] == [
        (
            accepted.reference,
            reverse("referrals:detail", args=[accepted.pk]),
            f"Accepted – waiting for a guider on {today:%-d %B %Y}",
            "",
        ),
        (
            asked.reference,
            reverse("referrals:detail", args=[asked.pk]),
            f"More information needed on {asked_on:%-d %B %Y}",
            "",
        ),
    ]


def test_referrer_with_nothing_waiting_is_told_so(client, db):
    """Both cards say so plainly."""
    cards = _home(client, ReferrerFactory())
    assert cards["Waiting for your answer"] == "None of your referrals is waiting for your answer."
    assert cards["Changed in the last 14 days"] == (
        "None of your referrals has changed status in the last 14 days."
    )


def test_a_person_with_several_roles_sees_each_roles_cards(client, db):
    """A coordinator who also guides and manages gets all three sets of cards."""
    user = UserFactory(roles=[Role.COORDINATOR, Role.GUIDER, Role.MANAGER])
    cards = _home(client, user)
    assert {"New referrals to decide", "Overdue on your cases", "Waiting times"} <= set(cards)


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("core:home")).status_code == 200
    return len(captured)


def _grow_guider(size, guider):
    for _ in range(size):
        _overdue_case(guider)
        ActiveCaseFactory(guider=guider)


def _grow_supervisor(size, supervisor):
    for _ in range(size):
        TraineeFactory(supervisor=supervisor)
        ready = TraineeFactory(supervisor=supervisor, external_cycles=99, external_clients=99)
        SupervisionSessionFactory(trainee=ready, minutes=6000)


def _grow_manager(size, manager):
    ExtensionRequestFactory.create_batch(size)
    NearLimitCaseFactory.create_batch(size)
    for days in range(size):
        _allocated(at=timezone.now(), waited_days=days)


def _grow_referrer(size, referrer):
    coordinator = CoordinatorFactory()
    for _ in range(size):
        _ask(SubmittedReferralFactory(referrer=referrer), coordinator, days_ago=1)
        accepted = SubmittedReferralFactory(referrer=referrer)
        referral_accept(referral_id=accepted.pk, by=coordinator, site_url=SITE)


@pytest.mark.parametrize(
    ("factory", "grow"),
    [
        (CoordinatorFactory, _coordinator_world),
        (GuiderFactory, _grow_guider),
        (SupervisorFactory, _grow_supervisor),
        (ManagerFactory, _grow_manager),
        (ReferrerFactory, _grow_referrer),
    ],
    ids=["coordinator", "guider", "supervisor", "manager", "referrer"],
)
def test_each_roles_home_page_takes_the_same_queries_whatever_the_data(client, db, factory, grow):
    """The query count with a little data equals the count with several times as much."""
    user = factory()
    grow(1, user)
    _queries(client, user)  # the first visit creates the settings rows
    small = _queries(client, user)
    grow(6, user)
    assert _queries(client, user) == small

"""The coordinator's queue, waiting list and actions, including two coordinators at once."""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from referrals import services
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    UserFactory,
)

QUEUE = reverse("referrals:queue")
SITE = "http://testserver/"


def _action(referral, slug):
    return reverse("referrals:action", args=[referral.pk, slug])


def _bulk_referrals(count, referrer):
    """Many submitted referrals in one INSERT, for scale tests."""
    template = SubmittedReferralFactory.build(referrer=referrer)
    now = timezone.now()
    rows = []
    for n in range(count):
        row = Referral(
            **{
                f.attname: getattr(template, f.attname)
                for f in Referral._meta.concrete_fields
                if f.attname not in ("id", "reference")
            }
        )
        row.reference = f"VIG-2025-{n + 1:05d}"
        row.submitted_at = now - timedelta(hours=n)
        row.priority_tier = n % 4 + 1
        row.child_nhs_number = ""
        rows.append(row)
    Referral.objects.bulk_create(rows)


@pytest.fixture
def coordinator(client, db):
    user = CoordinatorFactory(full_name="Cora Coordinator")
    client.force_login(user)
    return user


def test_queue_orders_by_tier_then_oldest(client, coordinator):
    """Tier 1 before tier 3; within a tier the longest waiting first."""
    now = timezone.now()
    newer_tier1 = SubmittedReferralFactory(priority_tier=1, submitted_at=now - timedelta(days=1))
    older_tier3 = SubmittedReferralFactory(priority_tier=3, submitted_at=now - timedelta(days=9))
    older_tier1 = SubmittedReferralFactory(priority_tier=1, submitted_at=now - timedelta(days=5))
    SubmittedReferralFactory(status="accepted", accepted_at=now)  # not in the queue
    page = client.get(QUEUE).context["page"]
    assert list(page) == [older_tier1, newer_tier1, older_tier3]


def test_queue_query_count_is_the_same_for_10_and_1000_referrals(client, coordinator):
    """Rows, flags, counts and pagination cost a fixed number of queries."""
    referrer = ReferrerFactory()
    _bulk_referrals(10, referrer)
    client.get(QUEUE)  # settings rows created on first use

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get(QUEUE, {"tier": ["1", "2"], "age": "6-11"})
        assert response.status_code == 200
        return len(context)

    at_10 = queries()
    Referral.objects.all().delete()
    _bulk_referrals(1000, referrer)
    assert queries() == at_10
    assert at_10 <= 12


def test_queue_flags_ineligible_and_duplicate_referrals(client, coordinator):
    """Rows say when eligibility failed or another open referral is for the same child."""
    SubmittedReferralFactory(eligible=False, child_nhs_number="9434765919")
    SubmittedReferralFactory(child_nhs_number="9434765919")
    html = client.get(QUEUE).content.decode()
    assert html.count("Possible duplicate</strong>") == 2
    assert html.count("Not eligible</strong>") == 1


def test_queue_filters_stay_in_the_url_and_nonsense_is_cleared(client, coordinator):
    """Filters narrow the list; unknown values are dropped with a message, never an error."""
    SubmittedReferralFactory(priority_tier=1, route_in="cmd")
    SubmittedReferralFactory(priority_tier=4, route_in="direct")
    response = client.get(QUEUE, {"tier": "1"})
    assert [r.priority_tier for r in response.context["page"]] == [1]
    assert "Tier 1" in response.content.decode()

    response = client.get(QUEUE, {"tier": ["banana", "4"], "route": "<script>", "zzz": "1"})
    assert response.status_code == 200
    assert [r.priority_tier for r in response.context["page"]] == [4]
    assert "Some filters were not recognised and have been cleared" in response.content.decode()


def test_team_filter_ticks_the_chosen_team_and_escapes_team_names(client, coordinator):
    """Each referrer's team is a checkbox; the chosen one stays ticked; names are text."""
    chosen = SubmittedReferralFactory(referrer__team__name="Early Help <b>North</b>").team
    SubmittedReferralFactory(referrer__team__name="Social Care South")
    html = client.get(QUEUE, {"team": str(chosen.pk)}).content.decode()
    assert "Early Help &lt;b&gt;North&lt;/b&gt;" in html
    assert "<b>North</b>" not in html
    assert f'name="team" type="checkbox" value="{chosen.pk}" checked>' in html
    assert html.count('name="team" type="checkbox"') == 2
    assert html.count(" checked>") == 1


def test_tier_counts_cover_the_filtered_queue(client, coordinator):
    """Counts per tier ignore the tier filter itself, so other tiers stay visible."""
    SubmittedReferralFactory.create_batch(2, priority_tier=1)
    SubmittedReferralFactory(priority_tier=None, eligible=False)
    counts = client.get(QUEUE, {"tier": "1"}).context["tier_counts"]
    assert counts == [
        {"tier": "1", "label": "Tier 1", "count": 2},
        {"tier": "none", "label": "No tier", "count": 1},
    ]


@pytest.mark.parametrize("factory", [ReferrerFactory, GuiderFactory, ManagerFactory])
def test_only_coordinators_reach_the_queue_and_actions(client, db, factory):
    """Referrers, guiders and managers get 403 from the queue, waiting list and action URLs."""
    referral = SubmittedReferralFactory()
    client.force_login(factory())
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("referrals:waiting_list")).status_code == 403
    assert client.post(_action(referral, "accept"), {"version": 1}).status_code == 403
    referral.refresh_from_db()
    assert referral.status == "submitted"


def test_unknown_referral_action_is_404(client, coordinator):
    """A guessed action name or referral number is not found."""
    referral = SubmittedReferralFactory()
    assert client.get(_action(referral, "delete-everything")).status_code == 404
    assert client.get(reverse("referrals:action", args=[999999, "accept"])).status_code == 404


def test_accept_puts_the_referral_on_the_waiting_list_and_tells_the_referrer(
    client, configuration, coordinator
):
    """Accepting records the event, e-mails the referrer (no child details) and lists it."""
    referral = SubmittedReferralFactory(child_first_name="Zebedee")
    client.post(_action(referral, "accept"), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert referral.accepted_at is not None
    assert mail.outbox[-1].to == [referral.referrer.email]
    assert "Zebedee" not in mail.outbox[-1].body
    waiting = client.get(reverse("referrals:waiting_list")).context["page"]
    assert list(waiting) == [referral]


def test_ineligible_referral_needs_an_override_before_acceptance(client, coordinator):
    """Accept is refused until eligibility is overridden with a recorded reason."""
    referral = SubmittedReferralFactory(eligible=False, eligibility_reasons=["Too old"])
    response = client.post(_action(referral, "accept"), {"version": referral.version})
    assert "Override eligibility, with your reason" in response.content.decode()

    empty = client.post(_action(referral, "override-eligibility"), {"version": 1, "reason": ""})
    assert "Enter the reason for overriding eligibility" in empty.content.decode()
    client.post(
        _action(referral, "override-eligibility"),
        {"version": 1, "reason": "Sibling group; the 12-year-old is the focus only by a month."},
    )
    referral.refresh_from_db()
    assert referral.eligibility_overridden
    assert referral.events.get(action="eligibility_overridden").actor == coordinator
    client.post(_action(referral, "accept"), {"version": referral.version})
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_decline_needs_a_reason_from_the_list(client, coordinator):
    """No reason, or one not in the configured list, is refused; a listed one is recorded."""
    referral = SubmittedReferralFactory()
    html = client.post(_action(referral, "decline"), {"version": 1}).content.decode()
    assert "Select a reason for declining the referral" in html
    html = client.post(_action(referral, "decline"), {"version": 1, "reason": "Bored"})
    assert "Select a valid choice" not in html.content.decode()
    assert "Select a reason" in html.content.decode()
    other = client.post(_action(referral, "decline"), {"version": 1, "reason": "Other"})
    assert "Say why the referral is being declined" in other.content.decode()
    client.post(
        _action(referral, "decline"),
        {"version": 1, "reason": "Referred to another service", "detail": "Sent to CAMHS."},
    )
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert referral.decline_reason == "Referred to another service"
    assert referral.events.last().note == "Referred to another service. Sent to CAMHS."


def test_actions_not_allowed_from_the_status_are_not_offered_and_refused(client, coordinator):
    """A declined referral offers no actions; posting one anyway changes nothing."""
    referral = SubmittedReferralFactory(status="declined")
    page = client.get(referral.get_absolute_url())
    assert page.context["actions"] == []
    response = client.post(_action(referral, "accept"), {"version": referral.version}, follow=True)
    assert "You cannot accept a referral that is “Declined”" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "declined"


def test_stale_page_is_refused_naming_who_changed_it(client, coordinator):
    """Acting on a page loaded before another coordinator's change is refused; nothing lost."""
    referral = SubmittedReferralFactory()
    other = CoordinatorFactory(full_name="Olu Other")
    services.referral_request_information(
        referral_id=referral.pk, by=other, message="Which school?", site_url=SITE
    )
    response = client.post(
        _action(referral, "decline"),
        {"version": 1, "reason": "Other", "detail": "Typed before the change."},
    )
    html = response.content.decode()
    assert "This referral was changed by Olu Other at" in html
    assert "Review it before you continue." in html
    assert "Typed before the change." in html
    referral.refresh_from_db()
    assert referral.status == "more_info_requested"


def test_late_allocation_is_refused_saying_who_allocated_to_whom_and_when(client, coordinator):
    """Allocating a referral someone has just allocated is refused saying who, to whom, when."""
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    mine, theirs = GuiderFactory(full_name="Gus Guider"), GuiderFactory(full_name="Gwen Guider")
    client.get(_action(referral, "allocate"))
    with time_machine.travel(timezone.make_aware(datetime(2026, 3, 4, 9, 41)), tick=False):
        services.referral_allocate(
            referral_id=referral.pk,
            by=CoordinatorFactory(full_name="Olu Other"),
            guider=theirs,
            site_url=SITE,
        )
    expected = (
        "This referral has already been allocated. "
        "Olu Other allocated it to Gwen Guider at 09:41 on 4 March."
    )
    response = client.post(
        _action(referral, "allocate"),
        {"version": referral.version, "guider": mine.pk},
        follow=True,
    )
    assert expected in response.content.decode()
    with pytest.raises(services.StaleReferral) as stale:
        services.referral_allocate(
            referral_id=referral.pk,
            by=coordinator,
            guider=mine,
            expected_version=referral.version,
            site_url=SITE,
        )
    assert stale.value.message == expected
    with pytest.raises(services.TransitionNotAllowed) as refused:
        services.referral_allocate(
            referral_id=referral.pk, by=coordinator, guider=mine, site_url=SITE
        )
    assert refused.value.message == expected
    assert Case.objects.get(referral=referral).guider == theirs


def test_allocate_opens_a_case_and_warns_over_capacity(client, configuration, coordinator):
    """Allocation lists caseloads, asks for confirmation beyond capacity, and opens the case."""
    guider = GuiderFactory(full_name="Gus Guider")
    from cases.tests.factories import CaseFactory, GuiderCapacityFactory

    GuiderCapacityFactory(guider=guider, capacity=1)
    CaseFactory(guider=guider)
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    page = client.get(_action(referral, "allocate")).content.decode()
    assert "At capacity" in page

    warned = client.post(_action(referral, "allocate"), {"version": 1, "guider": guider.pk})
    assert "Gus Guider has 1 open cases and a capacity of 1" in warned.content.decode()
    assert not Case.objects.filter(referral=referral).exists()

    client.post(
        _action(referral, "allocate"),
        {"version": 1, "guider": guider.pk, "confirm_over_capacity": "on"},
    )
    referral.refresh_from_db()
    assert referral.status == "allocated"
    assert referral.case.guider == guider
    assert "allocated" in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["referrer", "inactive guider"])
def test_allocate_refuses_someone_who_is_not_an_active_guider(client, coordinator, who):
    """Only active guiders are offered; posting anyone else's id is refused."""
    person = ReferrerFactory() if who == "referrer" else GuiderFactory(is_active=False)
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    response = client.post(_action(referral, "allocate"), {"version": 1, "guider": person.pk})
    assert "Select the guider to allocate the family to, from the list" in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_service_refuses_allocation_to_a_non_guider(db):
    """The rule holds below the form too."""
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    with pytest.raises(services.ReferralError):
        services.referral_allocate(
            referral_id=referral.pk,
            by=CoordinatorFactory(),
            guider=UserFactory(roles=[Role.REFERRER]),
            site_url=SITE,
        )
    assert not Case.objects.exists()


def test_twenty_coordinators_allocating_at_once_open_exactly_one_case(transactional_db):
    """Twenty simultaneous allocations of one referral: one case, nineteen clear refusals."""
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    guiders = GuiderFactory.create_batch(2)
    coordinators = CoordinatorFactory.create_batch(20)
    barrier = threading.Barrier(20)
    outcomes = []

    def allocate(index):
        try:
            barrier.wait()
            services.referral_allocate(
                referral_id=referral.pk,
                by=coordinators[index],
                guider=guiders[index % 2],
                expected_version=referral.version,
                site_url=SITE,
            )
            outcomes.append("ok")
        except services.StaleReferral as stale:
            outcomes.append(stale.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert Case.objects.filter(referral=referral).count() == 1
    refusals = [o for o in outcomes if o != "ok"]
    assert len(refusals) == 19
    referral.refresh_from_db()
    allocated = referral.events.get(action="allocated")
    assert set(refusals) == {
        f"This referral has already been allocated. {allocated.actor.full_name} allocated it "
        f"to {referral.case.guider.full_name} at "
        f"{timezone.localtime(allocated.occurred_at):%H:%M on %-d %B}."
    }
    assert referral.status == "allocated"
    assert referral.events.filter(action="allocated").count() == 1


def test_referrer_sees_the_outcome_and_message_on_their_page(client, db):
    """The referrer's timeline shows the decision and the coordinator's reason."""
    referral = SubmittedReferralFactory()
    services.referral_decline(
        referral_id=referral.pk,
        by=CoordinatorFactory(),
        reason="Referred to another service",
        detail="CAMHS are better placed.",
        site_url=SITE,
    )
    client.force_login(referral.referrer)
    html = client.get(referral.get_absolute_url()).content.decode()
    assert "Declined</strong>" in html
    assert "CAMHS are better placed." in html


def test_referrer_is_offered_no_coordinator_actions(client, db):
    """On an undecided referral the referrer sees no triage buttons, only their own withdraw."""
    referral = SubmittedReferralFactory()
    client.force_login(referral.referrer)
    response = client.get(referral.get_absolute_url())
    assert response.context["actions"] == []
    assert "Ask for more information</a>" not in response.content.decode()
    assert "Withdraw this referral" in response.content.decode()


OFFERED_FROM = {
    "request-information": {"submitted"},
    "override-eligibility": {"submitted", "more_info_requested"},
    "accept": {"submitted"},
    "allocate": {"accepted"},
    "decline": {"submitted", "more_info_requested"},
    "withdraw": {"submitted", "more_info_requested", "accepted"},
}
RESULT = {
    "request-information": "more_info_requested",
    "accept": "accepted",
    "allocate": "allocated",
    "decline": "declined",
    "withdraw": "withdrawn",
}


@pytest.mark.parametrize("status", [s for s in Referral.Status.values if s != "draft"])
@pytest.mark.parametrize("action", list(OFFERED_FROM))
def test_every_action_from_every_status(client, coordinator, status, action):
    """An action is offered exactly where the lifecycle allows it, and refused elsewhere."""
    guider = GuiderFactory()
    referral = SubmittedReferralFactory(
        status=status,
        accepted_at=timezone.now() if status in ("accepted", "allocated") else None,
        eligible=action != "override-eligibility",
    )
    allowed = status in OFFERED_FROM[action]
    offered = [a.slug for a in client.get(referral.get_absolute_url()).context["actions"]]
    assert (action in offered) == allowed

    data = {
        "version": referral.version,
        "message": "A question",
        "reason": "Other" if action == "decline" else "A reason",
        "detail": "Detail",
        "guider": guider.pk,
    }
    client.post(_action(referral, action), data)
    referral.refresh_from_db()
    if action == "override-eligibility":
        assert referral.eligibility_overridden == allowed
        assert referral.status == status
    else:
        assert referral.status == (RESULT[action] if allowed else status)

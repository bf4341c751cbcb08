"""Submitting, references, eligibility snapshots, more information, and who sees what."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from referrals import services
from referrals.choices import PlanStatus
from referrals.models import PlanStatusRule, Referral, ReferralSettings
from referrals.tests.factories import (
    CompleteDraftFactory,
    DraftReferralFactory,
    SubmittedReferralFactory,
)
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    TeamFactory,
)

SITE = "http://testserver/"


def _submit(referral):
    return services.referral_submit(referral_id=referral.pk, by=referral.referrer, site_url=SITE)


def test_references_are_sequential_within_the_year(db):
    """VIG-<year>-00001, then 00002, and a new year starts again at 00001."""
    year = timezone.localdate().year
    first, second = _submit(CompleteDraftFactory()), _submit(CompleteDraftFactory())
    assert (first.reference, second.reference) == (f"VIG-{year}-00001", f"VIG-{year}-00002")


def test_simultaneous_submissions_get_unique_sequential_references(transactional_db):
    """Eight referrers pressing submit at the same instant get 00001 to 00008, no gaps."""
    drafts = CompleteDraftFactory.create_batch(8)
    barrier = threading.Barrier(len(drafts))
    errors = []

    def submit(draft):
        try:
            barrier.wait()
            _submit(draft)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = timezone.localdate().year
    references = sorted(Referral.objects.values_list("reference", flat=True))
    assert references == [f"VIG-{year}-{n:05d}" for n in range(1, 9)]


def test_the_same_draft_submitted_twice_at_once_is_submitted_once(transactional_db):
    """A double click that reaches two server processes still makes one submission."""
    draft = CompleteDraftFactory()
    barrier = threading.Barrier(2)

    def submit():
        barrier.wait()
        _submit(draft)
        connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    draft.refresh_from_db()
    assert draft.events.filter(action="submitted").count() == 1
    assert Referral.objects.exclude(reference=None).count() == 1


def test_ineligible_referral_can_be_sent_and_records_why(db):
    """A 12-year-old in a 0–11 service is sent with the reasons kept for the coordinator."""
    today = timezone.localdate()
    draft = CompleteDraftFactory(
        child_date_of_birth=today.replace(year=today.year - 12) - timedelta(days=100),
        older_children_consent="yes",
    )
    referral = _submit(draft)
    assert referral.eligible is False
    assert referral.eligibility_reasons[0].startswith("The child is 12 years 3 months old.")
    assert "This service accepts children aged 0 to 11." in referral.eligibility_reasons[0]
    assert referral.events.get(action="submitted").note.startswith("Not eligible:")


def test_priority_tier_comes_from_the_configured_table(db):
    """Changing a tier in configuration changes the tier given at submission."""
    ReferralSettings.load()
    PlanStatusRule.objects.filter(plan_status=PlanStatus.CIN).update(tier=2)
    referral = _submit(CompleteDraftFactory(plan_status=PlanStatus.CIN))
    assert referral.priority_tier == 2


def test_incomplete_draft_is_refused_with_every_missing_answer(db):
    """Submitting an empty draft names what is missing and changes nothing."""
    draft = DraftReferralFactory()
    with pytest.raises(services.IncompleteReferral) as refused:
        _submit(draft)
    assert ("child", "Enter the child's first name") in refused.value.missing
    draft.refresh_from_db()
    assert draft.is_draft


def test_request_and_answer_more_information(transactional_db):
    """The coordinator's question reaches the referrer by e-mail; the answer re-queues it."""
    referral = SubmittedReferralFactory(child_first_name="Zebedee")
    coordinator = CoordinatorFactory()
    services.referral_request_information(
        referral_id=referral.pk, by=coordinator, message="How old is the sibling?", site_url=SITE
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.MORE_INFO_REQUESTED
    assert mail.outbox[-1].to == [referral.referrer.email]
    assert referral.reference in mail.outbox[-1].body
    assert "Zebedee" not in mail.outbox[-1].body

    services.referral_provide_information(
        referral_id=referral.pk, by=referral.referrer, answer="He is 9."
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    event = referral.events.last()
    assert (event.action, event.note, event.from_status) == (
        "information_provided",
        "He is 9.",
        "more_info_requested",
    )


def test_answer_on_a_stale_page_is_refused(db):
    """If the referral moved on after the page loaded, the answer is refused with who and when."""
    referral = SubmittedReferralFactory()
    coordinator = CoordinatorFactory(full_name="Cora Coordinator")
    services.referral_request_information(
        referral_id=referral.pk, by=coordinator, message="Which school?", site_url=SITE
    )
    with pytest.raises(services.StaleReferral, match="changed by Cora Coordinator"):
        services.referral_provide_information(
            referral_id=referral.pk, by=referral.referrer, answer="x", expected_version=1
        )


def test_answer_when_no_information_was_asked_is_refused(db):
    """A submitted referral cannot be 'answered' into the queue again."""
    referral = SubmittedReferralFactory()
    with pytest.raises(services.TransitionNotAllowed):
        services.referral_provide_information(
            referral_id=referral.pk, by=referral.referrer, answer="x"
        )


ALL = list(Referral.Status)
ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "more_info_requested"),
    ("submitted", "accepted"),
    ("submitted", "declined"),
    ("submitted", "withdrawn"),
    ("more_info_requested", "submitted"),
    ("more_info_requested", "declined"),
    ("more_info_requested", "withdrawn"),
    ("accepted", "allocated"),
    ("accepted", "withdrawn"),
}


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_transition_table(source, target):
    """Every status pair: only the lifecycle's arrows are allowed."""
    referral = Referral(status=source)
    assert referral.can_become(target) == ((source.value, target.value) in ALLOWED)


def test_visibility_by_role(db):
    """Referrers see their own; coordinators all submitted; guiders and managers none here."""
    team = TeamFactory()
    mine = SubmittedReferralFactory(referrer=ReferrerFactory(team=team))
    colleague = SubmittedReferralFactory(referrer=ReferrerFactory(team=team))
    my_draft = DraftReferralFactory(referrer=mine.referrer)
    others_draft = DraftReferralFactory()

    def visible(user):
        return set(Referral.objects.visible_to(user))

    assert visible(mine.referrer) == {mine, my_draft}
    assert visible(CoordinatorFactory()) == {mine, colleague}
    assert visible(GuiderFactory()) == set()
    assert visible(ManagerFactory()) == set()
    assert others_draft not in visible(CoordinatorFactory())

    settings = ReferralSettings.load()
    settings.referrers_see_team_referrals = True
    settings.save()
    assert visible(mine.referrer) == {mine, my_draft, colleague}

"""The referrer's question pages through the Django test client, page by page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral
from referrals.tests.factories import (
    CompleteDraftFactory,
    SubmittedReferralFactory,
)
from vig_service.accounts.tests.factories import CoordinatorFactory, ReferrerFactory

CHILD = {
    "child_first_name": "Poppy",
    "child_last_name": "Tremayne",
    "child_date_of_birth_0": "14",
    "child_date_of_birth_1": "3",
    "child_date_of_birth_2": "2020",
    "child_gender": "girl",
    "child_nhs_number": "943 476 5919",
}
NEEDS = {
    "child_school_year": "reception",
    "child_send": "no",
    "child_autism": "unknown",
    "child_first_language": "English",
    "interpreter_needed": "no",
    "postcode_district": "tr1",
}
PARENT = {
    "name": "Kerensa Tremayne",
    "relationship": "birth_parent",
    "phone": "07700 900123",
    "email": "",
    "motivated": "yes",
    "agreed_to_referral": "yes",
}
STATUS = {"plan_status": "cin", "route_in": "direct"}
CONCERNS = {"concerns": ["attachment", "parenting"]}
CHECKS = {
    "vig_is_right": "yes",
    "vig_is_right_reason": "The assessment points to the relationship.",
    "discussed_with_professionals": "yes",
    "family_seen_explanation": "yes",
    "family_explanation_detail": "Watched the service's video together.",
}
QUESTIONS = {
    "hoped_change": "To enjoy playing together again.",
    "hoped_change_agreed": "yes",
    "child_impact": "Poppy will feel understood.",
    "parent_clear_on_impact": "yes",
}
PRFQ = {"prfq_completed": "no"}


def _page(referral, slug):
    return reverse("referrals:question", args=[referral.pk, slug])


@pytest.fixture
def referrer(db):
    return ReferrerFactory(email="hv@example.org")


@pytest.fixture
def draft(client, referrer):
    client.force_login(referrer)
    response = client.post(reverse("referrals:start"))
    referral = Referral.objects.get()
    assert response.url == _page(referral, "child")
    return referral


def _walk(client, referral):
    for slug, data in [("child", CHILD), ("needs", NEEDS)]:
        response = client.post(_page(referral, slug), data)
        assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("referrals:parent_add", args=[referral.pk]), PARENT)
    client.post(_page(referral, "parents"), {"continue": ""})
    client.post(_page(referral, "household"), {"has_other_children": "no"})
    for slug, data in [
        ("status", STATUS),
        ("concerns", CONCERNS),
        ("checks", CHECKS),
        ("questions", QUESTIONS),
    ]:
        response = client.post(_page(referral, slug), data)
        assert response.status_code == 302, response.context["form"].errors
    response = client.post(_page(referral, "prfq"), PRFQ)
    assert response.url == reverse("referrals:eligibility", args=[referral.pk])


def test_referrer_completes_every_page_and_submits(client, draft, configuration, referrer):
    """Every page saves into the draft; submitting gives a reference and sends two e-mails."""
    _walk(client, draft)
    draft.refresh_from_db()
    assert draft.child_nhs_number == "9434765919"
    assert draft.postcode_district == "TR1"
    assert draft.parents.get().name == "Kerensa Tremayne"

    eligibility = client.get(reverse("referrals:eligibility", args=[draft.pk]))
    assert "The child is eligible for this service" in eligibility.content.decode()
    check = client.get(reverse("referrals:check", args=[draft.pk]))
    assert "Kerensa Tremayne" in check.content.decode()
    assert "You still need to answer" not in check.content.decode()

    response = client.post(reverse("referrals:check", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    year = timezone.localdate().year
    assert draft.status == Referral.Status.SUBMITTED
    assert draft.reference == f"VIG-{year}-00001"
    assert draft.priority_tier == 3
    assert draft.eligible is True
    assert f"<strong>VIG-{year}-00001</strong>" in response.content.decode()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["hv@example.org", "vig@example.gov.uk"]
    for message in mail.outbox:
        assert draft.reference in message.body
        assert "Poppy" not in message.body + message.subject
        assert "Tremayne" not in message.body + message.subject


def test_impossible_date_keeps_what_was_typed(client, draft):
    """31/02 is refused with a GOV.UK message and the other answers stay on the page."""
    data = {**CHILD, "child_date_of_birth_0": "31", "child_date_of_birth_1": "2"}
    response = client.post(_page(draft, "child"), data)
    html = response.content.decode()
    assert "Date of birth must be a real date" in html
    assert 'value="Poppy"' in html
    assert 'value="943 476 5919"' in html


def test_date_of_birth_in_the_future_is_refused(client, draft):
    """A birth date after today gets a clear error."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        **CHILD,
        "child_date_of_birth_0": str(tomorrow.day),
        "child_date_of_birth_1": str(tomorrow.month),
        "child_date_of_birth_2": str(tomorrow.year),
    }
    html = client.post(_page(draft, "child"), data).content.decode()
    assert "The child&#x27;s date of birth must be today or in the past" in html


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("943 476 5918", "This is not a valid NHS number"),
        ("943 476 591", "NHS number must be 10 digits"),
        ("ABC 476 5919", "NHS number must be 10 digits"),
    ],
)
def test_wrong_nhs_numbers_are_refused(client, draft, number, message):
    """A wrong check digit, wrong length or letters get a message saying what to fix."""
    html = client.post(_page(draft, "child"), {**CHILD, "child_nhs_number": number}).content
    assert message in html.decode()
    draft.refresh_from_db()
    assert draft.child_nhs_number == ""


def test_required_question_left_blank_is_refused(client, draft):
    """Leaving a required answer blank names it in the error summary."""
    html = client.post(_page(draft, "questions"), {**QUESTIONS, "hoped_change": ""}).content
    assert "Enter the change hoped for by the parent or carer" in html.decode()


def test_text_over_its_limit_is_refused(client, draft):
    """Over-long text is refused with the limit, and what was typed is kept."""
    html = client.post(_page(draft, "questions"), {**QUESTIONS, "hoped_change": "x" * 2001})
    assert "2000 characters or fewer" in html.content.decode()


def test_html_in_text_is_refused_and_never_rendered(client, draft):
    """A script tag in an answer is refused, and shown escaped when re-displayed."""
    data = {**QUESTIONS, "child_impact": "<script>alert('x')</script>"}
    html = client.post(_page(draft, "questions"), data).content.decode()
    assert "HTML is not allowed" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_save_and_come_back_later_keeps_a_partial_page(client, draft):
    """Saving for later skips required answers but keeps what was typed."""
    response = client.post(
        _page(draft, "child"), {"child_first_name": "Poppy", "save_for_later": ""}
    )
    assert response.url == reverse("referrals:list")
    draft.refresh_from_db()
    assert draft.child_first_name == "Poppy"
    assert draft.status == Referral.Status.DRAFT


def test_submit_with_missing_answers_lists_them_and_submits_nothing(client, draft):
    """The check page lists every missing answer with a link to its page."""
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the child&#x27;s first name" in html
    assert "Add at least one parent or carer" in html
    draft.refresh_from_db()
    assert draft.status == Referral.Status.DRAFT
    assert draft.reference is None


def test_double_submit_makes_one_referral(client, configuration):
    """A second POST of the check page (double click, back button) changes nothing."""
    referral = CompleteDraftFactory()
    client.force_login(referral.referrer)
    first = client.post(reverse("referrals:check", args=[referral.pk]))
    second = client.post(reverse("referrals:check", args=[referral.pk]))
    assert first.url == second.url == reverse("referrals:confirmation", args=[referral.pk])
    referral.refresh_from_db()
    assert referral.events.filter(action="submitted").count() == 1
    assert Referral.objects.exclude(reference=None).count() == 1


def test_submitted_referral_cannot_be_edited(client, db):
    """A question page for a submitted referral is refused with a message; nothing changes."""
    referral = SubmittedReferralFactory(child_first_name="Poppy")
    client.force_login(referral.referrer)
    response = client.post(_page(referral, "child"), {**CHILD, "child_first_name": "Changed"})
    assert response.url == referral.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "has been submitted and can no longer be changed" in page
    referral.refresh_from_db()
    assert referral.child_first_name == "Poppy"


def test_another_referrers_draft_is_404(client, db):
    """A draft opened by anyone but its author is not found, page by page."""
    draft = CompleteDraftFactory()
    client.force_login(ReferrerFactory())
    for url in [
        _page(draft, "child"),
        reverse("referrals:check", args=[draft.pk]),
        reverse("referrals:eligibility", args=[draft.pk]),
        reverse("referrals:detail", args=[draft.pk]),
        reverse("referrals:parent_add", args=[draft.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("referrals:check", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.is_draft


def test_coordinators_cannot_see_drafts(client, db):
    """Drafts belong to their author alone, even for coordinators."""
    draft = CompleteDraftFactory()
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("referrals:detail", args=[draft.pk])).status_code == 404


def test_other_referrers_submitted_referral_is_404(client, db):
    """A referrer cannot open another referrer's referral."""
    referral = SubmittedReferralFactory()
    client.force_login(ReferrerFactory())
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404


def test_unknown_step_is_404(client, draft):
    """A made-up question page does not exist."""
    assert client.get(_page(draft, "nonsense")).status_code == 404


def test_household_child_of_12_asks_for_their_consent(client, draft):
    """Listing a 13-year-old sibling adds the consent question to the service's questions."""
    assert "older_children_consent" not in client.get(_page(draft, "questions")).content.decode()
    client.post(
        reverse("referrals:child_add", args=[draft.pk]),
        {
            "first_name": "Jago",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": str(timezone.localdate().year - 13),
        },
    )
    html = client.post(_page(draft, "questions"), QUESTIONS).content.decode()
    assert "Select whether the children aged 12 and over have consented" in html


def test_back_button_after_submitting_cannot_send_again(client, configuration):
    """Going back to the check page after sending shows the sent referral instead."""
    referral = CompleteDraftFactory()
    client.force_login(referral.referrer)
    client.post(reverse("referrals:check", args=[referral.pk]))
    back = client.get(reverse("referrals:check", args=[referral.pk]))
    assert back.url == referral.get_absolute_url()
    question = client.get(_page(referral, "child"))
    assert question.url == referral.get_absolute_url()

"""Family links: the date-of-birth step, the family page and its limits, the family's own
withdrawal of a consent (enforced at once, the guider told), the questionnaire, and the
guider's side (make, stop, renew)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, Consent
from cases.tests.factories import ClosedCaseFactory, ConsentFactory, SharingConsentFactory
from cycles.models import Cycle
from cycles.services import cycle_record_filming
from cycles.tests.factories import CycleFactory
from documents.tests.factories import DocumentFactory
from family.models import FamilyLink, FamilyLinkEvent, FeedbackAnswer, LinkPurpose, LinkUse
from family.tests.factories import open_link
from vig_service.accounts.tests.factories import CoordinatorFactory, GuiderFactory

pytestmark = pytest.mark.django_db


def _dob_parts(link):
    born = link.case.referral.child_date_of_birth
    return {
        "date_of_birth_0": born.day,
        "date_of_birth_1": born.month,
        "date_of_birth_2": born.year,
    }


def _confirm(client, link):
    response = client.post(reverse("family:start", args=[link.token]), _dob_parts(link))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_nothing_about_the_child_shows_before_the_date_of_birth(client):
    link = open_link()
    response = client.get(reverse("family:start", args=[link.token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "What is your child&#x27;s date of birth?" in html
    assert link.case.referral.child_first_name not in html
    # The page itself redirects to the check until it is passed.
    page = client.get(reverse("family:page", args=[link.token]))
    assert page.status_code == 302
    assert page.url == reverse("family:start", args=[link.token])


def test_a_wrong_date_counts_and_the_fifth_locks_the_link(client):
    link = open_link()
    born = link.case.referral.child_date_of_birth
    wrong = born - timedelta(days=1)
    data = {
        "date_of_birth_0": wrong.day,
        "date_of_birth_1": wrong.month,
        "date_of_birth_2": wrong.year,
    }
    url = reverse("family:start", args=[link.token])
    first = client.post(url, data)
    assert "you have 4 more tries" in first.content.decode()
    for _ in range(3):
        client.post(url, data)
    last = client.post(url, data)
    assert last.status_code == 410
    assert "entered wrongly too many times" in last.content.decode()
    link.refresh_from_db()
    assert link.failed_checks == 5
    # Even the right date no longer opens it.
    assert client.post(url, _dob_parts(link)).status_code == 410
    assert FamilyLinkEvent.objects.filter(link=link, action=LinkUse.LOCKED).exists()


def test_the_family_page_shows_their_own_things_and_nothing_else(client):
    link = open_link()
    case = link.case
    case.notes = "Private note Zqxsecretnote"
    case.save()
    DocumentFactory(case=case, kind="contract", title="Signed contract")
    _confirm(client, link)
    html = client.get(reverse("family:page", args=[link.token])).content.decode()
    first, _, last = case.guider.full_name.partition(" ")
    assert f"Your guider is {first}" in html
    assert last not in html
    assert "Zqxsecretnote" not in html
    assert case.referral.reference not in html
    assert case.helping_questions.first().wording in html
    assert "To be filmed" in html  # their consent
    assert "Download your written contract" in html
    download = client.get(reverse("family:contract", args=[link.token]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    actions = set(FamilyLinkEvent.objects.filter(link=link).values_list("action", flat=True))
    assert {LinkUse.CHECKED, LinkUse.VIEWED, LinkUse.CONTRACT} <= actions


def test_a_confirmed_session_opens_only_its_own_link(client):
    mine, other = open_link(), open_link()
    _confirm(client, mine)
    response = client.get(reverse("family:page", args=[other.token]))
    assert response.status_code == 302
    assert response.url == reverse("family:start", args=[other.token])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {
                "created_at": timezone.now() - timedelta(days=2),
                "expires_at": timezone.now() - timedelta(minutes=1),
            },
            "This link has expired",
        ),
        ({"revoked_at": timezone.now()}, "This link has been stopped"),
    ],
)
def test_an_expired_or_stopped_link_opens_nothing_even_after_the_check(client, change, message):
    link = open_link()
    _confirm(client, link)
    FamilyLink.objects.filter(pk=link.pk).update(**change)
    response = client.get(reverse("family:page", args=[link.token]))
    assert response.status_code == 410
    assert message in response.content.decode()
    assert link.case.referral.child_first_name not in response.content.decode()


def test_a_guessed_token_is_not_recognised(client):
    response = client.get(reverse("family:start", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This link is not recognised" in response.content.decode()


def test_the_family_withdraws_filming_and_the_next_filming_is_refused(
    client, django_capture_on_commit_callbacks
):
    link = open_link()
    consent = link.case.consents.get(kind=Consent.Kind.FILMING)
    cycle = CycleFactory(case=link.case)
    _confirm(client, link)
    url = reverse("family:withdraw", args=[link.token, consent.pk])
    assert "From now on your family will not be filmed" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url)
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    assert consent.withdrawn_by_family
    event = link.case.events.get(action=CaseEvent.Action.CONSENT_WITHDRAWN_BY_FAMILY)
    assert event.actor is None
    assert [message.to for message in mail.outbox] == [[link.case.guider.email]]
    assert "has withdrawn a consent" in mail.outbox[0].body
    with pytest.raises(Exception, match="The family withdrew their consent to filming"):
        cycle_record_filming(
            cycle_id=cycle.pk,
            by=link.case.guider,
            filmed_on=timezone.localdate(),
            setting="Play",
            who_was_filmed="Mum",
            minutes=10,
        )
    assert Cycle.objects.get(pk=cycle.pk).filmed_on is None
    page = client.get(reverse("family:page", args=[link.token])).content.decode()
    assert "Withdrawn by you on" in page


def test_withdrawing_twice_loses_nothing_and_says_so(client):
    link = open_link()
    consent = SharingConsentFactory(case=link.case)
    _confirm(client, link)
    url = reverse("family:withdraw", args=[link.token, consent.pk])
    client.post(url)
    again = client.post(url, follow=True)
    assert "That consent has already been withdrawn" in again.content.decode()
    assert (
        link.case.events.filter(action=CaseEvent.Action.CONSENT_WITHDRAWN_BY_FAMILY).count() == 1
    )


def test_another_case_consent_cannot_be_withdrawn_through_a_link(client):
    link = open_link()
    elsewhere = ConsentFactory()
    _confirm(client, link)
    response = client.post(
        reverse("family:withdraw", args=[link.token, elsewhere.pk]), follow=True
    )
    elsewhere.refresh_from_db()
    assert elsewhere.withdrawn_on is None
    assert "That consent has already been withdrawn" in response.content.decode()


def test_the_questionnaire_one_question_a_page_then_sent_once(client):
    case = ClosedCaseFactory()
    ConsentFactory(case=case)
    link = open_link(case=case, purpose=LinkPurpose.FEEDBACK)
    start = _confirm(client, link)
    assert start.url == reverse("family:question", args=[link.token, "helpful"])
    empty = client.post(start.url, {})
    assert "Select how helpful VIG was" in empty.content.decode()
    client.post(start.url, {"helpfulness": "very"})
    client.post(
        reverse("family:question", args=[link.token, "what-changed"]),
        {"what_changed": "We play together more"},
    )
    client.post(reverse("family:question", args=[link.token, "better"]), {"could_be_better": ""})
    check = client.post(
        reverse("family:question", args=[link.token, "recommend"]), {"recommend": "yes"}
    )
    assert check.url == reverse("family:check", args=[link.token])
    summary = client.get(check.url).content.decode()
    assert "Very helpful" in summary
    assert "We play together more" in summary
    sent = client.post(check.url)
    assert "Answers sent" in sent.content.decode()
    answer = FeedbackAnswer.objects.get(link=link)
    assert answer.sent_at is not None
    assert answer.recommend == "yes"
    # A second send (a double click, or the link again) changes nothing and says thank you.
    again = client.post(check.url)
    assert again.status_code == 200
    assert "already been sent" in again.content.decode()
    assert FeedbackAnswer.objects.filter(link=link).count() == 1


def test_two_parents_each_answer_with_their_own_link(client):
    case = ClosedCaseFactory()
    mum = open_link(case=case, purpose=LinkPurpose.FEEDBACK, for_whom="Mum")
    dad = open_link(case=case, purpose=LinkPurpose.FEEDBACK, for_whom="Dad")
    for link, rating in ((mum, "very"), (dad, "quite")):
        client.cookies.clear()
        _confirm(client, link)
        client.post(
            reverse("family:question", args=[link.token, "helpful"]), {"helpfulness": rating}
        )
        client.post(
            reverse("family:question", args=[link.token, "recommend"]), {"recommend": "yes"}
        )
        client.post(reverse("family:check", args=[link.token]))
    assert sorted(FeedbackAnswer.objects.values_list("helpfulness", flat=True)) == [
        "quite",
        "very",
    ]


def test_sending_answers_without_the_required_ones_says_which(client):
    case = ClosedCaseFactory()
    link = open_link(case=case, purpose=LinkPurpose.FEEDBACK)
    _confirm(client, link)
    response = client.post(reverse("family:check", args=[link.token]))
    assert "Answer how helpful VIG was before you send your answers" in response.content.decode()
    assert FamilyLink.objects.get(pk=link.pk).answered_at is None


def test_the_guider_makes_a_link_sees_it_once_and_it_is_emailed(
    client, django_capture_on_commit_callbacks
):
    link_case = open_link().case
    guider = link_case.guider
    client.force_login(guider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("family:link_add", args=[link_case.pk, "page"]),
            {"for_whom": "Sarah", "how": "email", "email": "sarah@example.org"},
        )
    html = response.content.decode()
    assert "Link made" in html
    made = FamilyLink.objects.filter(case=link_case, for_whom="Sarah").get()
    token = html.split('value="http://testserver/family/')[1].split("/")[0]
    assert made.token_digest != token
    assert len(token) > 30
    assert token not in "".join(FamilyLink.objects.values_list("token_digest", flat=True))
    assert [m.to for m in mail.outbox] == [["sarah@example.org"]]
    assert token in mail.outbox[0].body
    listing = client.get(reverse("family:case_links", args=[link_case.pk])).content.decode()
    assert "The family page for Sarah" in listing
    assert token not in listing


def test_the_guider_stops_and_renews_a_link(client):
    link = open_link()
    client.force_login(link.case.guider)
    renewed = client.post(reverse("family:link_renew", args=[link.case.pk, link.pk]))
    assert "Link made" in renewed.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is not None
    new = FamilyLink.objects.exclude(pk=link.pk).get(case=link.case)
    assert new.for_whom == link.for_whom
    assert new.revoked_at is None
    client.post(reverse("family:link_revoke", args=[link.case.pk, new.pk]))
    assert FamilyLink.objects.get(pk=new.pk).revoked_at is not None


def test_feedback_waits_for_closure_and_the_form_says_why(client):
    link = open_link()
    client.force_login(link.case.guider)
    response = client.post(
        reverse("family:link_add", args=[link.case.pk, "feedback"]),
        {"for_whom": "Mum", "how": "copy"},
    )
    assert "Send the feedback questionnaire once the case is closed" in response.content.decode()
    assert not FamilyLink.objects.filter(purpose="feedback").exists()


def test_email_is_needed_when_the_service_sends_it(client):
    link = open_link()
    client.force_login(link.case.guider)
    response = client.post(
        reverse("family:link_add", args=[link.case.pk, "page"]),
        {"for_whom": "Mum", "how": "email"},
    )
    assert "Enter their email address, or choose to copy the link" in response.content.decode()


def test_another_guider_gets_404_and_a_coordinator_may_make_links(client):
    link = open_link()
    client.force_login(GuiderFactory())
    assert client.get(reverse("family:case_links", args=[link.case.pk])).status_code == 404
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("family:link_add", args=[link.case.pk, "page"])).status_code == 200


def test_the_log_of_a_link_never_holds_its_token(client):
    link = open_link()
    client.get(reverse("family:start", args=[link.token]))
    _confirm(client, link)
    client.get(reverse("family:page", args=[link.token]))
    pages = list(FamilyLinkEvent.objects.filter(link=link).values_list("page", flat=True))
    assert "family:page" in pages
    assert not any(link.token in page for page in pages)


def test_the_family_page_leads_back_to_itself_with_no_staff_navigation(client):
    """Each family's own address fills the header's home link (kept markup, core/templatetags/
    page_chrome.py, shared by every family page, never holds one)."""
    pages = []
    for _ in range(2):
        address = reverse("family:start", args=[open_link().token])
        html = client.get(address).content.decode()
        pages.append(html)
        assert f'moj-header__link--organisation-name" href="{address}"' in html
        assert "Primary navigation" not in html
        assert "Sign out" not in html
    assert pages[0] != pages[1]

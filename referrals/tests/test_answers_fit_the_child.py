"""Answers that contradict the child's age or the household are caught, in words to act on."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from referrals import rules
from referrals.choices import PrfqVersion, SchoolYear
from referrals.models import Referral
from referrals.tests.factories import CompleteDraftFactory, HouseholdChildFactory


def _years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _question(draft, slug):
    return reverse("referrals:question", args=[draft.pk, slug])


def _born(day: date, name="child_date_of_birth") -> dict:
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


@pytest.fixture
def draft_with_teenager(db):
    """A 6-year-old's draft with a 13-year-old brother listed in the household."""
    draft = CompleteDraftFactory(has_other_children=True, older_children_consent="")
    HouseholdChildFactory(referral=draft, first_name="Jago", date_of_birth=_years_ago(13))
    return draft


def test_no_other_children_is_refused_while_a_13_year_old_is_listed(client, draft_with_teenager):
    """Answering "no" with Jago listed is refused, naming him; "yes" goes on to ask consent."""
    draft = draft_with_teenager
    client.force_login(draft.referrer)
    for button in ("continue", "save_for_later"):
        response = client.post(
            _question(draft, "household"), {"has_other_children": "no", button: ""}
        )
        assert response.status_code == 200
        assert (
            "You have listed Jago as living in the household. Select yes, or remove them first"
        ) in response.content.decode()
    draft.refresh_from_db()
    assert draft.has_other_children is True

    response = client.post(
        _question(draft, "household"), {"has_other_children": "yes", "continue": ""}
    )
    assert response.status_code == 302
    page = client.get(_question(draft, "questions")).content.decode()
    assert "Have the children aged 12 and over given their own consent to be filmed?" in page


def test_check_answers_refuses_no_other_children_with_a_child_listed(client, draft_with_teenager):
    """A contradiction saved earlier is listed on check answers and stops the referral going."""
    draft = draft_with_teenager
    Referral.objects.filter(pk=draft.pk).update(has_other_children=False)
    client.force_login(draft.referrer)
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You have listed Jago as living in the household" in html
    assert f'href="{_question(draft, "household")}?change=1"' in html
    draft.refresh_from_db()
    assert draft.is_draft


@pytest.fixture
def draft_with_child_prfq(db):
    """A 7-year-old's draft with the PRFQ-C completed last week."""
    return CompleteDraftFactory(
        child_date_of_birth=_years_ago(7),
        prfq_completed=True,
        prfq_version=PrfqVersion.CHILD,
        prfq_pre_mentalizing="2.5",
        prfq_certainty="4.0",
        prfq_interest="5.5",
        prfq_date=timezone.localdate() - timedelta(days=7),
    )


def test_prfq_version_is_rechecked_when_the_date_of_birth_changes(client, draft_with_child_prfq):
    """Correcting the child to 13 sends the referrer back to the PRFQ page before submitting."""
    draft = draft_with_child_prfq
    client.force_login(draft.referrer)
    child = {
        "child_first_name": draft.child_first_name,
        "child_last_name": draft.child_last_name,
        "child_gender": draft.child_gender,
        "continue": "",
        **_born(_years_ago(13)),
    }
    assert client.post(_question(draft, "child") + "?change=1", child).status_code == 302

    message = "Check the PRFQ version: the child was 12 years 11 months old when it was completed"
    page = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert message in page
    refused = client.post(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert message in refused
    assert f'href="{_question(draft, "prfq")}?change=1"' in refused
    draft.refresh_from_db()
    assert draft.is_draft

    prfq = {
        "prfq_completed": "yes",
        "prfq_pre_mentalizing": "2.5",
        "prfq_certainty": "4.0",
        "prfq_interest": "5.5",
        "continue": "",
        **_born(draft.prfq_date, "prfq_date"),
    }
    wrong = client.post(_question(draft, "prfq"), {**prfq, "prfq_version": "child"})
    assert message in wrong.content.decode()
    right = client.post(_question(draft, "prfq"), {**prfq, "prfq_version": "adolescent"})
    assert right.status_code == 302
    assert message not in client.get(reverse("referrals:check", args=[draft.pk])).content.decode()


def test_prfq_completed_before_the_child_was_born_is_refused(client, draft_with_child_prfq):
    """A completion date before the date of birth is an error on the date."""
    draft = draft_with_child_prfq
    client.force_login(draft.referrer)
    response = client.post(
        _question(draft, "prfq"),
        {
            "prfq_completed": "yes",
            "prfq_version": "child",
            "prfq_pre_mentalizing": "2.5",
            "prfq_certainty": "4.0",
            "prfq_interest": "5.5",
            "continue": "",
            **_born(_years_ago(8), "prfq_date"),
        },
    )
    assert (
        "The date the PRFQ was completed must be on or after the child&#x27;s date of birth"
        in response.content.decode()
    )


def test_needs_page_shows_the_school_year_the_date_of_birth_gives(client, db):
    """The referrer sees the usual year for the child's age, chosen until they answer."""
    born = _years_ago(8)
    usual = SchoolYear(rules.school_year_for(born, timezone.localdate())).label
    draft = CompleteDraftFactory(child_date_of_birth=born, child_school_year="")
    client.force_login(draft.referrer)
    response = client.get(_question(draft, "needs"))
    assert f"By their date of birth, the child would usually be in: {usual}." in (
        response.content.decode()
    )
    assert response.context["form"]["child_school_year"].value() == rules.school_year_for(
        born, timezone.localdate()
    )


def test_check_answers_and_referral_page_note_a_school_year_that_contradicts_the_age(client, db):
    """An 8-year-old said to be in Year 9 is shown with the year their age gives."""
    born = _years_ago(8)
    usual = SchoolYear(rules.school_year_for(born, timezone.localdate())).label
    draft = CompleteDraftFactory(child_date_of_birth=born, child_school_year=SchoolYear.Y9)
    client.force_login(draft.referrer)
    note = f"Year 9<br>By their date of birth, the child would usually be in {usual}."
    assert note in client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    client.post(reverse("referrals:check", args=[draft.pk]))
    assert note in client.get(draft.get_absolute_url()).content.decode()


def test_demo_referrals_answers_fit_each_childs_age(db, settings):
    """No demo child's school year or PRFQ version contradicts their date of birth."""
    settings.DEBUG = True
    call_command("seed_demo")
    for referral in Referral.objects.all():
        on = timezone.localdate(referral.submitted_at) if referral.submitted_at else None
        assert not rules.school_year_note(
            answer=referral.child_school_year,
            date_of_birth=referral.child_date_of_birth,
            on=on or timezone.localdate(),
        ), referral
        assert not rules.prfq_version_problem(
            version=referral.prfq_version,
            date_of_birth=referral.child_date_of_birth,
            completed_on=referral.prfq_date,
        ), referral
        assert referral.child_date_of_birth < (on or timezone.localdate())

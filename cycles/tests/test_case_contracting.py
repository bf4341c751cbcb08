"""Contracting: contacts with the family, the written contract and consents."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, Consent, Contact
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseFactory,
    ConsentFactory,
    ContractingCaseFactory,
    SharingConsentFactory,
)
from cycles.tests.case_factories import ReviewedCycleFactory
from referrals.tests.factories import HouseholdChildFactory

TODAY = timezone.localdate()


def _date(prefix: str, day) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _contact(**changes) -> dict:
    return {
        **_date("happened_on", TODAY),
        "kind": "initial_visit",
        "attendees": "Mum, Dad and the guider",
        "notes": "Watched the VIG explainer video together.",
        **changes,
    }


def test_the_first_contact_moves_an_allocated_case_to_contracting(client, db):
    """The contact is listed, and the move is a recorded transition on the timeline."""
    case = CaseFactory()
    client.force_login(case.guider)
    response = client.post(reverse("cases:contact_add", args=[case.pk]), _contact(), follow=True)

    html = response.content.decode()
    assert "Contact added" in html
    assert "Mum, Dad and the guider" in html
    case.refresh_from_db()
    assert case.status == Case.Status.CONTRACTING
    moved = case.events.get(action=CaseEvent.Action.CONTRACTING_STARTED)
    assert (moved.from_status, moved.to_status, moved.actor) == (
        "allocated",
        "contracting",
        case.guider,
    )
    assert case.events.filter(action=CaseEvent.Action.CONTACT_RECORDED).count() == 1


def test_later_contacts_do_not_change_the_status(db):
    """A second contact is logged; the case stays where it was."""
    case = ContractingCaseFactory()
    services.contact_record(
        case_id=case.pk,
        by=case.guider,
        happened_on=TODAY,
        kind=Contact.Kind.PHONE_CALL,
        attendees="Mum",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.CONTRACTING
    assert case.contacts.count() == 2
    assert not case.events.filter(action=CaseEvent.Action.CONTRACTING_STARTED).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            _date("happened_on", TODAY + timedelta(days=1)),
            "The date of the contact must be today or in the past",
        ),
        (
            {"happened_on_0": "", "happened_on_1": "", "happened_on_2": ""},
            "Enter the date of the contact",
        ),
        ({"happened_on_0": "31", "happened_on_1": "2"}, "Date of the contact must be a real date"),
        ({"kind": ""}, "Select the type of contact"),
        ({"kind": "visit_by_owl"}, "Select the type of contact"),
        ({"attendees": " "}, "Enter who attended"),
        ({"notes": "<script>alert(1)</script>"}, "HTML is not allowed"),
    ],
)
def test_a_contact_with_bad_answers_is_refused_in_plain_words(client, db, changes, message):
    """The form says what to fix and nothing is saved."""
    case = CaseFactory()
    client.force_login(case.guider)
    response = client.post(reverse("cases:contact_add", args=[case.pk]), _contact(**changes))
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not case.contacts.exists()


def test_the_service_refuses_a_contact_in_the_future(db):
    """The rule holds whatever calls the service."""
    case = CaseFactory()
    with pytest.raises(services.CaseError, match="must be today or in the past"):
        services.contact_record(
            case_id=case.pk,
            by=case.guider,
            happened_on=TODAY + timedelta(days=1),
            kind="initial_visit",
            attendees="Mum",
        )


def test_recording_the_contract_date_is_an_event(client, db):
    """The date shows on the overview; correcting it notes the previous date."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    agreed = TODAY - timedelta(days=3)
    client.post(reverse("cases:contract", args=[case.pk]), _date("agreed_on", agreed))
    case.refresh_from_db()
    assert case.contract_agreed_on == agreed
    html = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert f"{agreed:%-d %B %Y}" in html

    services.case_record_contract(case_id=case.pk, by=case.guider, agreed_on=TODAY)
    note = case.events.filter(action=CaseEvent.Action.CONTRACT_RECORDED).last().note
    assert note == f"Agreed on {TODAY:%-d %B %Y} (was {agreed:%-d %B %Y})"


def test_a_contract_date_in_the_future_is_refused(client, db):
    """Nobody can have agreed a contract tomorrow."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:contract", args=[case.pk]), _date("agreed_on", TODAY + timedelta(days=1))
    )
    assert "The date the contract was agreed must be today or in the past" in (
        response.content.decode()
    )


def _consent(**changes) -> dict:
    return {
        "kind": "filming",
        "given_by": "Jade Rowe (mum)",
        **_date("given_on", TODAY),
        **changes,
    }


def test_adding_a_filming_consent_lists_it_as_live(client, db):
    """The consent appears with a Live tag and an event is recorded."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:consent_add", args=[case.pk]),
        _consent(named_person="ignored for filming"),
        follow=True,
    )
    html = response.content.decode()
    assert "Jade Rowe (mum)" in html
    assert 'govuk-tag--green">Live' in html
    consent = case.consents.get()
    assert (consent.kind, consent.named_person, consent.given_by_child) == ("filming", "", False)
    assert case.events.filter(action=CaseEvent.Action.CONSENT_RECORDED).exists()


def test_a_child_aged_12_or_over_gives_their_own_filming_consent(client, db):
    """The form offers the family's children by name and the consent records which one."""
    case = ContractingCaseFactory()
    tia = HouseholdChildFactory(referral=case.referral, first_name="Tia")
    client.force_login(case.guider)
    url = reverse("cases:consent_add", args=[case.pk])
    form = client.get(url).content.decode()
    assert f"Yes, {case.referral.child_first_name} (the child referred)" in form
    assert "Yes, Tia" in form
    response = client.post(url, _consent(given_by="Tia", child=str(tia.pk)), follow=True)
    consent = case.consents.get()
    assert (consent.given_by_child, consent.focus_child, consent.household_child) == (
        True,
        False,
        tia,
    )
    assert "Tia, a child in the household" in response.content.decode()


def test_a_consent_cannot_name_a_child_of_another_family(client, db):
    """A household child of another referral is refused, and nothing is recorded."""
    case = ContractingCaseFactory()
    stranger = HouseholdChildFactory(first_name="Other")
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:consent_add", args=[case.pk]), _consent(child=str(stranger.pk))
    )
    assert "Select who gave the consent from the list" in response.content.decode()
    assert not case.consents.exists()
    with pytest.raises(services.CaseError, match="Select who gave the consent from the list"):
        services.consent_record(
            case_id=case.pk,
            by=case.guider,
            kind="filming",
            given_by="Other",
            given_on=TODAY,
            child=str(stranger.pk),
        )


def test_the_contract_date_cannot_move_after_a_recorded_filming(client, db):
    """Filming is covered from the contract on: a correction past the first filming is refused."""
    cycle = ReviewedCycleFactory()
    case = cycle.case
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:contract", args=[case.pk]),
        _date("agreed_on", cycle.filmed_on + timedelta(days=1)),
    )
    assert (
        "The date the contract was agreed must be on or before the first filming on"
        in response.content.decode()
    )
    case.refresh_from_db()
    assert case.contract_agreed_on < cycle.filmed_on


@pytest.mark.parametrize("kind", ["attends_reviews", "clips_shown"])
def test_the_sharing_consents_need_a_named_person(client, db, kind):
    """Who may attend, or who may be shown clips, must be named."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:consent_add", args=[case.pk])
    response = client.post(url, _consent(kind=kind))
    assert "Enter the name of the professional or person the consent is for" in (
        response.content.decode()
    )
    assert not case.consents.exists()

    client.post(url, _consent(kind=kind, named_person="Sam Trewin, social worker"))
    assert case.consents.get().named_person == "Sam Trewin, social worker"


def test_the_service_also_requires_the_named_person(db):
    """A sharing consent without a name is refused whatever calls the service."""
    case = ContractingCaseFactory()
    with pytest.raises(services.CaseError, match="Enter the name of the professional"):
        services.consent_record(
            case_id=case.pk,
            by=case.guider,
            kind="clips_shown",
            given_by="Mum",
            given_on=TODAY,
        )


def test_withdrawing_a_consent_takes_effect_at_once_and_is_recorded(client, db):
    """Withdrawn, it is tagged as such, is no longer live, and the timeline says so."""
    consent = SharingConsentFactory(case=ActiveCaseFactory())
    case = consent.case
    client.force_login(case.guider)
    response = client.post(
        reverse("cases:consent_withdraw", args=[case.pk, consent.pk]),
        _date("withdrawn_on", TODAY),
        follow=True,
    )
    assert "Consent withdrawn" in response.content.decode()
    assert ">Withdrawn</strong>" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    assert not consent.is_live
    assert not Consent.objects.filter(case=case, kind=consent.kind, withdrawn_on=None).exists()
    event = case.events.get(action=CaseEvent.Action.CONSENT_WITHDRAWN)
    assert "Sam Trewin" in event.note


def test_withdrawing_a_consent_twice_is_refused_with_a_clear_message(client, db):
    """The second withdrawal says when it was withdrawn; the first date stands."""
    consent = ConsentFactory(case=ActiveCaseFactory())
    first = TODAY - timedelta(days=2)
    services.consent_withdraw(consent_id=consent.pk, by=consent.case.guider, withdrawn_on=first)

    with pytest.raises(services.CaseError) as refused:
        services.consent_withdraw(
            consent_id=consent.pk, by=consent.case.guider, withdrawn_on=TODAY
        )
    assert refused.value.message == f"This consent was already withdrawn on {first:%-d %B %Y}"

    client.force_login(consent.case.guider)
    url = reverse("cases:consent_withdraw", args=[consent.case.pk, consent.pk])
    response = client.get(url, follow=True)
    assert f"This consent was already withdrawn on {first:%-d %B %Y}" in (
        response.content.decode()
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == first
    assert consent.case.events.filter(action=CaseEvent.Action.CONSENT_WITHDRAWN).count() == 1


def test_a_consent_cannot_be_withdrawn_before_it_was_given(client, db):
    """The withdrawal date is on or after the date given, and not in the future."""
    consent = ConsentFactory(case=ActiveCaseFactory())
    client.force_login(consent.case.guider)
    url = reverse("cases:consent_withdraw", args=[consent.case.pk, consent.pk])
    before = consent.given_on - timedelta(days=1)
    html = client.post(url, _date("withdrawn_on", before)).content.decode()
    assert (
        "The date the consent was withdrawn must be on or after the date it was given "
        f"({consent.given_on:%-d %B %Y})"
    ) in html
    html = client.post(url, _date("withdrawn_on", TODAY + timedelta(days=1))).content.decode()
    assert "The date the consent was withdrawn must be today or in the past" in html
    consent.refresh_from_db()
    assert consent.withdrawn_on is None

    with pytest.raises(services.CaseError, match="on or after the date it was given"):
        services.consent_withdraw(
            consent_id=consent.pk, by=consent.case.guider, withdrawn_on=before
        )

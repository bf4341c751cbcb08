"""Writes for contracting: contacts, the written contract, consents and withdrawals."""

from datetime import date

from django.db import transaction

from cases import rules
from cases.cycle_facts import cycle_facts
from cases.errors import CaseError
from cases.models import Case, Consent, Contact
from cases.services._common import (
    Action,
    Status,
    _lock_open,
    _long_date,
    _not_future,
    _record,
    _text,
)
from referrals.models import HouseholdChild
from vig_service.accounts.models import User
from vig_service.core.transitions import transition


@transaction.atomic
def contact_record(
    *, case_id: int, by: User, happened_on: date, kind: str, attendees: str, notes: str = ""
) -> Contact:
    """Log a contact with the family; the first one moves an allocated case to contracting."""
    case = _lock_open(case_id)
    if kind not in Contact.Kind.values:
        raise CaseError("Select the type of contact")
    _not_future(happened_on, what="The date of the contact")
    contact = Contact.objects.create(
        case=case,
        happened_on=happened_on,
        kind=kind,
        attendees=_text(
            attendees, required="Enter who attended", max_length=300, label="Who attended"
        ),
        notes=_text(notes, max_length=4000, label="Notes"),
        recorded_by=by,
    )
    _record(
        case,
        by=by,
        action=Action.CONTACT_RECORDED,
        note=f"{contact.get_kind_display()} on {_long_date(happened_on)} with {contact.attendees}",
    )
    if case.status == Status.ALLOCATED:
        transition(case, to=Status.CONTRACTING, by=by, action=Action.CONTRACTING_STARTED)
    return contact


@transaction.atomic
def case_record_contract(*, case_id: int, by: User, agreed_on: date) -> Case:
    """Record (or correct) the date the written contract was agreed with the family."""
    case = _lock_open(case_id)
    _not_future(agreed_on, what="The date the contract was agreed")
    previous = case.contract_agreed_on
    if previous == agreed_on:
        return case
    # Filming is covered only from the contract on: a correction cannot
    # leave a recorded filming before it.
    first_filmed_on = cycle_facts().first_filmed_on(case.pk)
    if first_filmed_on is not None and agreed_on > first_filmed_on:
        raise CaseError(
            "The date the contract was agreed must be on or before the first filming on "
            f"{_long_date(first_filmed_on)}"
        )
    case.contract_agreed_on = agreed_on
    case.save(update_fields=["contract_agreed_on", "updated_at"])
    note = f"Agreed on {_long_date(agreed_on)}"
    if previous:
        note += f" (was {_long_date(previous)})"
    _record(case, by=by, action=Action.CONTRACT_RECORDED, note=note)
    return case


@transaction.atomic
def consent_record(
    *,
    case_id: int,
    by: User,
    kind: str,
    given_by: str,
    given_on: date,
    child: str = "",
    named_person: str = "",
) -> Consent:
    """Record a consent; the two sharing kinds name the person they allow.

    `child` says which child gave it (rules.FOCUS_CHILD, or a household child's id), so
    filming can check the own consent of each child of 12 or over; blank or "adult" for an
    adult.
    """
    case = _lock_open(case_id)
    focus_child, household_child = _consenting_child(case, child)
    if kind not in Consent.Kind.values:
        raise CaseError("Select what the consent is for")
    named_person = _text(named_person, max_length=150, label="The named person")
    if kind == Consent.Kind.FILMING:
        named_person = ""
    elif not named_person:
        raise CaseError("Enter the name of the professional or person the consent is for")
    _not_future(given_on, what="The date the consent was given")
    consent = Consent.objects.create(
        case=case,
        kind=kind,
        given_by=_text(
            given_by, required="Enter who gave the consent", max_length=150, label="Given by"
        ),
        given_by_child=focus_child or household_child is not None,
        focus_child=focus_child,
        household_child=household_child,
        named_person=named_person,
        given_on=given_on,
        recorded_by=by,
    )
    _record(
        case,
        by=by,
        action=Action.CONSENT_RECORDED,
        note=f"{consent}, on {_long_date(given_on)}",
    )
    return consent


def _consenting_child(case: Case, child: str) -> tuple[bool, HouseholdChild | None]:
    """Whether the child referred gave the consent, or which household child did."""
    child = (child or "").strip()
    if child in ("", "adult"):
        return False, None
    if child == rules.FOCUS_CHILD:
        return True, None
    household = next(
        (kid for kid in case.referral.household_children.all() if str(kid.pk) == child), None
    )
    if household is None:
        raise CaseError("Select who gave the consent from the list")
    return False, household


@transaction.atomic
def consent_withdraw(
    *, consent_id: int, by: User | None, withdrawn_on: date, by_family: bool = False
) -> Consent:
    """Record that a consent was withdrawn; it stops allowing anything at once.

    `by_family` is the family withdrawing it on their own page (no member of staff acting).
    """
    case_id = Consent.objects.values_list("case_id", flat=True).get(pk=consent_id)
    case = _lock_open(case_id)
    consent = Consent.objects.select_for_update().get(pk=consent_id)
    if consent.withdrawn_on is not None:
        raise CaseError(
            f"This consent was already withdrawn on {_long_date(consent.withdrawn_on)}"
        )
    _not_future(withdrawn_on, what="The date the consent was withdrawn")
    if withdrawn_on < consent.given_on:
        raise CaseError(
            "The date the consent was withdrawn must be on or after the date it was given "
            f"({_long_date(consent.given_on)})"
        )
    consent.withdrawn_on = withdrawn_on
    consent.withdrawn_by_family = by_family
    consent.save(update_fields=["withdrawn_on", "withdrawn_by_family"])
    _record(
        case,
        by=by,
        action=Action.CONSENT_WITHDRAWN_BY_FAMILY if by_family else Action.CONSENT_WITHDRAWN,
        note=f"{consent}, withdrawn on {_long_date(withdrawn_on)}",
    )
    return consent

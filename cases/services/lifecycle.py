"""Writes for the case lifecycle: open, reassign, start the intervention, close, footage."""

from datetime import date

from django.db import transaction
from django.urls import reverse

from cases.closing import after_close
from cases.configuration import CaseSettings
from cases.cycle_facts import cycle_facts
from cases.errors import CaseError
from cases.models import Case, CaseEvent, ClosureReason, Consent
from cases.services._common import (
    Action,
    Status,
    _check_rating,
    _lock_open,
    _long_date,
    _not_future,
    _record,
    _tell_guiders,
    _text,
)
from referrals.configuration import ReferralSettings
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.email import send_after_commit
from vig_service.core.transitions import check_version, lock, transition


def _check_can_guide(user: User, *, as_: str) -> None:
    """Refuse anyone who cannot take a case on: not a guider, or deactivated."""
    if not user.has_role(Role.GUIDER):
        raise CaseError(f"Choose a {as_}: {user} is not a guider")
    if not user.is_active:
        raise CaseError(f"{user}'s account is deactivated; choose another {as_}")


def _tell_allocated(case: Case, *, people: list, what: str, site_url: str) -> None:
    """E-mail those given the case, when the Cases settings say so."""
    if CaseSettings.load().email_guiders_on_allocation:
        _tell_guiders(
            case,
            template="cases/email/allocated",
            site_url=site_url,
            context={"what": what},
            people=people,
        )


@transaction.atomic
def case_open(
    *, referral, guider: User, co_worker: User | None = None, by: User, site_url: str = ""
) -> Case:
    """Open the case for a referral being allocated, with its guider and optional co-worker.

    Called inside the referral's allocation, which has locked the referral and checked its
    status; the one-to-one on Case.referral refuses a second case whatever happens. The guider
    and co-worker are e-mailed once the allocation commits.
    """
    _check_can_guide(guider, as_="guider")
    if co_worker is not None:
        if co_worker.pk == guider.pk:
            raise CaseError("The co-worker must be someone other than the guider")
        _check_can_guide(co_worker, as_="co-worker")
    case = Case.objects.create(
        referral=referral, guider=guider, co_worker=co_worker, status=Status.ALLOCATED
    )
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.OPENED,
        to_status=Status.ALLOCATED,
        note=f"Allocated to {guider}" + (f" with {co_worker} as co-worker" if co_worker else ""),
    )
    _tell_allocated(
        case, people=[guider, co_worker], what="has been allocated to you", site_url=site_url
    )
    return case


@transaction.atomic
def case_reassign(
    *,
    case_id: int,
    guider: User,
    by: User,
    reason: str,
    expected_version: int | None = None,
    site_url: str = "",
) -> Case:
    """Give a case to another guider, with the reason recorded; the new guider is e-mailed."""
    # Lock only the case row, not the referral and users joined in for the names.
    case = lock(
        Case.objects.select_for_update(of=("self",)).select_related(
            "referral", "guider", "co_worker"
        ),
        pk=case_id,
    )
    check_version(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("Enter the reason for reassigning the case")
    if case.status == Status.CLOSED:
        raise CaseError("This case is closed and can no longer be reassigned")
    if guider.pk == case.guider_id:
        raise CaseError(f"{guider} is already the guider")
    _check_can_guide(guider, as_="guider")

    previous = case.guider
    case.guider = guider
    # The co-worker taking over as guider cannot also be their own co-worker.
    if case.co_worker_id == guider.pk:
        case.co_worker = None
    case.version += 1
    case.save(update_fields=["guider", "co_worker", "version", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.REASSIGNED,
        note=f"From {previous} to {guider}: {reason}",
    )
    _tell_allocated(case, people=[guider], what="has been reassigned to you", site_url=site_url)
    return case


@transaction.atomic
def case_start_intervention(
    *, case_id: int, by: User, expected_version: int | None = None
) -> Case:
    """Move a contracting case to active, once its contract and filming consent are recorded."""
    case = _lock_open(case_id)
    check_version(case, expected_version)
    if case.status == Status.CONTRACTING:
        missing = []
        if case.contract_agreed_on is None:
            missing.append("the date the written contract was agreed")
        if not case.consents.filter(kind=Consent.Kind.FILMING, withdrawn_on__isnull=True).exists():
            missing.append("a consent to be filmed")
        if missing:
            raise CaseError(f"Before you start the intervention, record {' and '.join(missing)}")
    transition(case, to=Status.ACTIVE, by=by, action=Action.INTERVENTION_STARTED)
    return case


@transaction.atomic
def case_close(
    *,
    case_id: int,
    by: User,
    closed_on: date,
    reason: str,
    outcome_summary: str,
    final_ratings: dict[int, int],
    expected_version: int | None = None,
    site_url: str = "",
) -> Case:
    """Close an open case with its date, reason, outcome and a final rating for each question.

    The referrer is e-mailed once it commits, when the Referrals settings say so.
    """
    case = _lock_open(case_id)
    check_version(case, expected_version)
    _not_future(closed_on, what="The date the case closed")
    if closed_on < case.opened_on:
        raise CaseError(
            "The date the case closed must be on or after the date it opened "
            f"({_long_date(case.opened_on)})"
        )
    if reason not in ClosureReason.values:
        raise CaseError("Select why the case is closing")
    outcome_summary = _text(
        outcome_summary,
        required="Enter a summary of the outcome",
        max_length=4000,
        label="The outcome summary",
    )
    ratings = []
    for question in case.helping_questions.all():
        value = final_ratings.get(question.pk)
        if value is None:
            raise CaseError(f"Enter a final rating for “{question.wording}”")
        ratings.append((question, _check_rating(value)))
    cycle_facts().rate_closure(ratings, closed_on)
    case.closed_on = closed_on
    case.closure_reason = reason
    case.outcome_summary = outcome_summary
    transition(
        case,
        to=Status.CLOSED,
        by=by,
        action=Action.CLOSED,
        note=f"{ClosureReason(reason).label} on {_long_date(closed_on)}. {outcome_summary}",
        fields=["closed_on", "closure_reason", "outcome_summary"],
    )
    _tell_referrer_closed(case, site_url=site_url)
    transaction.on_commit(lambda: after_close(case.pk, by.pk))
    return case


def _tell_referrer_closed(case: Case, *, site_url: str) -> None:
    """E-mail the referrer that the case closed: the referral's reference and a link."""
    # Not the closure reason, which may be sensitive (a safeguarding escalation).
    referrer = case.referral.referrer
    # A referrer who has left cannot follow the link.
    if not referrer.is_active or not ReferralSettings.load().email_referrer_on_closure:
        return
    send_after_commit(
        template="cases/email/closed",
        to=[referrer.email],
        context={
            "reference": case.referral.reference,
            "url": site_url.rstrip("/") + reverse("referrals:detail", args=[case.referral_id]),
        },
    )


@transaction.atomic
def case_record_footage(
    *, case_id: int, by: User, location: str, deleted_on: date | None = None
) -> Case:
    """Record where the family's footage is kept and, once closed, the date it was deleted.

    Allowed on a closed case: deleting the footage is the one thing left to do then.
    A `deleted_on` of None leaves any date already recorded as it is.
    """
    case = lock(Case.objects, pk=case_id)
    location = _text(location, max_length=200, label="Where the footage is kept")
    changed = []
    if location != case.footage_location:
        case.footage_location = location
        changed.append("footage_location")
        _record(
            case,
            by=by,
            action=Action.FOOTAGE_RECORDED,
            note=f"Kept: {location}" if location else "Where it is kept was removed",
        )
    if deleted_on is not None and deleted_on != case.footage_deleted_on:
        if case.status != Status.CLOSED:
            raise CaseError("Record the date the footage was deleted once the case is closed")
        _not_future(deleted_on, what="The date the footage was deleted")
        if deleted_on < case.closed_on:
            raise CaseError(
                "The date the footage was deleted must be on or after the date the case "
                f"closed ({_long_date(case.closed_on)})"
            )
        case.footage_deleted_on = deleted_on
        changed.append("footage_deleted_on")
        _record(
            case, by=by, action=Action.FOOTAGE_DELETED, note=f"Deleted on {_long_date(deleted_on)}"
        )
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    return case

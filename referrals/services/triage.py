"""Triage: information requested and given, accept, decline, withdraw, override, allocate."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from referrals.allocation import CaseRefused, case_opening
from referrals.errors import ReferralError, TransitionNotAllowed
from referrals.models import Referral, ReferralEvent, ReferralSettings
from referrals.services._common import Action, Status, _lock
from vig_service.core.email import send_after_commit
from vig_service.core.transitions import check_version, transition


def _tell_referrer(referral: Referral, *, what: str, site_url: str) -> None:
    """E-mail the referrer that their referral changed: the reference and a link, no details."""
    url = site_url.rstrip("/") + reverse("referrals:detail", args=[referral.pk])
    send_after_commit(
        template="referrals/email/status_changed",
        to=[referral.referrer.email],
        context={"referral": referral, "url": url, "what": what},
    )


@transaction.atomic
def referral_request_information(
    *, referral_id: int, by, message: str, expected_version: int | None = None, site_url: str
) -> Referral:
    """A coordinator asks the referrer for more information; the referrer is e-mailed."""
    referral = _lock(referral_id)
    transition(
        referral,
        to=Status.MORE_INFO_REQUESTED,
        by=by,
        action=Action.MORE_INFO_REQUESTED,
        note=message,
        expected_version=expected_version,
    )
    _tell_referrer(
        referral,
        what="The VIG team needs more information. Read their question and answer it here",
        site_url=site_url,
    )
    return referral


@transaction.atomic
def referral_provide_information(
    *, referral_id: int, by, answer: str, expected_version: int | None = None
) -> Referral:
    """The referrer answers a request for more information; the referral returns to the queue."""
    referral = _lock(referral_id)
    if referral.referrer_id != by.pk:
        raise Referral.DoesNotExist
    check_version(referral, expected_version)
    transition(
        referral, to=Status.SUBMITTED, by=by, action=Action.INFORMATION_PROVIDED, note=answer
    )
    return referral


@transaction.atomic
def referral_accept(
    *, referral_id: int, by, expected_version: int | None = None, site_url: str
) -> Referral:
    """Accept a referral onto the waiting list; an ineligible one needs an override first."""
    referral = _lock(referral_id)
    check_version(referral, expected_version)
    if referral.eligible is False and not referral.eligibility_overridden:
        raise ReferralError(
            "This referral does not meet the service's criteria. Override eligibility, "
            "with your reason, before you accept it."
        )
    now = timezone.now()
    referral.accepted_at = now
    referral.decided_at = referral.decided_at or now
    transition(
        referral,
        to=Status.ACCEPTED,
        by=by,
        action=Action.ACCEPTED,
        fields=["accepted_at", "decided_at"],
    )
    _tell_referrer(
        referral, what="It has been accepted and is waiting for a guider", site_url=site_url
    )
    return referral


@transaction.atomic
def referral_decline(
    *,
    referral_id: int,
    by,
    reason: str,
    detail: str = "",
    expected_version: int | None = None,
    site_url: str,
) -> Referral:
    """Decline a referral with one of the configured reasons; the referrer is told."""
    referral = _lock(referral_id)
    check_version(referral, expected_version)
    if reason not in ReferralSettings.load().decline_reasons:
        raise ReferralError("Select a reason for declining the referral")
    referral.decline_reason = reason
    referral.decided_at = referral.decided_at or timezone.now()
    transition(
        referral,
        to=Status.DECLINED,
        by=by,
        action=Action.DECLINED,
        note=f"{reason}. {detail}".strip() if detail else reason,
        fields=["decline_reason", "decided_at"],
    )
    _tell_referrer(referral, what="The VIG team has declined it", site_url=site_url)
    return referral


@transaction.atomic
def referral_withdraw(
    *, referral_id: int, by, reason: str, expected_version: int | None = None, site_url: str
) -> Referral:
    """Withdraw a referral (coordinator, or the referrer for their own), with a reason."""
    referral = _lock(referral_id)
    check_version(referral, expected_version)
    if not reason.strip():
        raise ReferralError("Enter the reason for withdrawing the referral")
    transition(referral, to=Status.WITHDRAWN, by=by, action=Action.WITHDRAWN, note=reason)
    if by.pk != referral.referrer_id:
        _tell_referrer(referral, what="It has been withdrawn", site_url=site_url)
    return referral


@transaction.atomic
def referral_override_eligibility(
    *, referral_id: int, by, reason: str, expected_version: int | None = None
) -> Referral:
    """Record a coordinator's decision to consider a referral that failed eligibility."""
    referral = _lock(referral_id)
    check_version(referral, expected_version)
    if referral.eligible is not False or referral.eligibility_overridden:
        raise TransitionNotAllowed("This referral's eligibility does not need overriding")
    if referral.status not in (Status.SUBMITTED, Status.MORE_INFO_REQUESTED):
        raise TransitionNotAllowed("Eligibility can only be overridden before a decision")
    if not reason.strip():
        raise ReferralError("Enter the reason for overriding eligibility")
    referral.eligibility_overridden = True
    referral.version += 1
    referral.save(update_fields=["eligibility_overridden", "version", "updated_at"])
    ReferralEvent.objects.create(
        referral=referral,
        actor=by,
        action=Action.ELIGIBILITY_OVERRIDDEN,
        note=reason,
        from_status=referral.status,
        to_status=referral.status,
    )
    return referral


@transaction.atomic
def referral_allocate(
    *,
    referral_id: int,
    by,
    guider,
    co_worker=None,
    expected_version: int | None = None,
    site_url: str,
):
    """Allocate an accepted referral to a guider, opening its case, exactly once."""
    referral = _lock(referral_id)
    check_version(referral, expected_version)
    if referral.status == Status.ALLOCATED:
        raise TransitionNotAllowed(referral.allocation_summary())
    if not referral.can_become(Status.ALLOCATED):
        raise TransitionNotAllowed(
            f"A referral that is “{referral.get_status_display()}” cannot be allocated. "
            "Accept it onto the waiting list first."
        )
    try:
        case = case_opening().open_case(
            referral=referral, guider=guider, co_worker=co_worker, by=by, site_url=site_url
        )
    except CaseRefused as refused:
        raise ReferralError(refused.message) from refused
    note = f"Allocated to {guider.full_name}" + (
        f" with {co_worker.full_name}" if co_worker else ""
    )
    transition(referral, to=Status.ALLOCATED, by=by, action=Action.ALLOCATED, note=note)
    _tell_referrer(referral, what="It has been allocated to a guider", site_url=site_url)
    return case

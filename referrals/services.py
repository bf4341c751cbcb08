"""Writes for referrals. Each status change is a checked transition with its event row."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from referrals import rules
from referrals.allocation import CaseRefused, case_opening
from referrals.errors import ReferralError, TransitionNotAllowed
from referrals.errors import StaleReferral as StaleReferral  # caught by the views
from referrals.journey import missing_answers
from referrals.models import (
    HouseholdChild,
    ParentCarer,
    PlanStatusRule,
    ReferenceCounter,
    Referral,
    ReferralEvent,
    ReferralSettings,
)
from vig_service.core.email import send_after_commit
from vig_service.core.models import ServiceConfiguration
from vig_service.core.services import (
    settings_section_update,
)
from vig_service.core.transitions import check_version, lock, transition

Status = Referral.Status
Action = ReferralEvent.Action


class NotEditable(ReferralError):
    """The referral is no longer a draft, so its answers cannot change."""

    def __init__(self, referral: Referral):
        super().__init__(
            f"Referral {referral.reference} has been submitted and can no longer be changed. "
            "If something needs correcting, contact the VIG team."
        )


class IncompleteReferral(ReferralError):
    """Some required answers are missing."""

    def __init__(self, missing: list):
        super().__init__("Answer every question before you submit the referral")
        self.missing = missing


def _lock(referral_id: int) -> Referral:
    return lock(Referral.objects, pk=referral_id)


def _editable_draft(referral_id: int, by) -> Referral:
    referral = _lock(referral_id)
    if referral.referrer_id != by.pk:
        raise Referral.DoesNotExist
    if not referral.is_draft:
        raise NotEditable(referral)
    return referral


@transaction.atomic
def referral_start(*, referrer) -> Referral:
    """Open a new draft referral for a referrer."""
    referral = Referral.objects.create(referrer=referrer, team_id=referrer.team_id)
    ReferralEvent.objects.create(referral=referral, actor=referrer, action=Action.CREATED)
    return referral


@transaction.atomic
def referral_save_answers(*, referral_id: int, by, answers: dict) -> Referral:
    """Save a question page's answers into the referrer's own draft."""
    referral = _editable_draft(referral_id, by)
    for field, value in answers.items():
        setattr(referral, field, value)
    referral.full_clean(exclude=["referrer", "team"], validate_constraints=False)
    referral.save(update_fields=[*answers, "updated_at"])
    return referral


@transaction.atomic
def parent_carer_save(*, referral_id: int, by, data: dict, parent_id: int | None = None):
    """Add a parent or carer to a draft, or change one already added."""
    referral = _editable_draft(referral_id, by)
    parent = referral.parents.get(pk=parent_id) if parent_id else ParentCarer(referral=referral)
    for field, value in data.items():
        setattr(parent, field, value)
    parent.full_clean()
    parent.save()
    referral.save(update_fields=["updated_at"])
    return parent


@transaction.atomic
def parent_carer_remove(*, referral_id: int, by, parent_id: int) -> None:
    """Remove a parent or carer from a draft."""
    referral = _editable_draft(referral_id, by)
    referral.parents.get(pk=parent_id).delete()


@transaction.atomic
def household_child_save(*, referral_id: int, by, data: dict, child_id: int | None = None):
    """Add another child in the household to a draft, or change one."""
    referral = _editable_draft(referral_id, by)
    child = (
        referral.household_children.get(pk=child_id)
        if child_id
        else HouseholdChild(referral=referral)
    )
    for field, value in data.items():
        setattr(child, field, value)
    child.full_clean()
    child.save()
    referral.save(update_fields=["updated_at"])
    return child


@transaction.atomic
def household_child_remove(*, referral_id: int, by, child_id: int) -> None:
    """Remove another child from a draft."""
    referral = _editable_draft(referral_id, by)
    referral.household_children.get(pk=child_id).delete()


def _next_reference(year: int) -> str:
    """VIG-<year>-<5 digits>, sequential within the year even for simultaneous submissions."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"VIG-{year}-{counter.last_number:05d}"


def eligibility_for(referral: Referral, *, on: date | None = None) -> rules.Eligibility:
    """The service's current eligibility rules applied to a referral's answers."""
    return rules.evaluate_eligibility(
        date_of_birth=referral.child_date_of_birth,
        plan_status=referral.plan_status or None,
        parents=[(p.motivated, p.agreed_to_referral) for p in referral.parents.all()],
        on=on or timezone.localdate(),
        rules=ReferralSettings.load().eligibility_rules(),
    )


@transaction.atomic
def referral_submit(*, referral_id: int, by, site_url: str) -> Referral:
    """Submit a complete draft: give it a reference, record eligibility and priority, notify.

    Submitting twice (a double click, the back button) returns the same referral.
    """
    referral = _lock(referral_id)
    if referral.referrer_id != by.pk:
        raise Referral.DoesNotExist
    if not referral.is_draft:
        return referral
    if missing := missing_answers(referral):
        raise IncompleteReferral(missing)

    now = timezone.now()
    eligibility = eligibility_for(referral, on=timezone.localdate(now))
    referral.reference = _next_reference(timezone.localdate(now).year)
    referral.submitted_at = now
    referral.eligible = eligibility.eligible
    referral.eligibility_reasons = list(eligibility.reasons)
    referral.priority_tier = rules.priority_tier(
        referral.plan_status, ReferralSettings.load().eligibility_rules()
    )
    transition(
        referral,
        to=Status.SUBMITTED,
        by=by,
        action=Action.SUBMITTED,
        note="" if eligibility.eligible else "Not eligible: " + " ".join(eligibility.reasons),
        fields=["reference", "submitted_at", "eligible", "eligibility_reasons", "priority_tier"],
    )
    url = site_url.rstrip("/") + reverse("referrals:detail", args=[referral.pk])
    context = {"referral": referral, "url": url}
    send_after_commit(template="referrals/email/submitted", to=[by.email], context=context)
    send_after_commit(
        template="referrals/email/new_referral",
        to=[ServiceConfiguration.load().contact_email],
        context=context,
    )
    return referral


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
            referral=referral, guider=guider, co_worker=co_worker, by=by
        )
    except CaseRefused as refused:
        raise ReferralError(refused.message) from refused
    note = f"Allocated to {guider.full_name}" + (
        f" with {co_worker.full_name}" if co_worker else ""
    )
    transition(referral, to=Status.ALLOCATED, by=by, action=Action.ALLOCATED, note=note)
    _tell_referrer(referral, what="It has been allocated to a guider", site_url=site_url)
    return case


def referral_settings_update(
    *, loaded_at: str, changes: dict, rules_by_status: dict, by
) -> ReferralSettings:
    """Save the referral settings and the plan-status table, refusing a stale form."""

    def save_rules(settings: ReferralSettings) -> list[str]:
        changed = []
        for status, (tier, redirect_message) in rules_by_status.items():
            rule, _ = PlanStatusRule.objects.get_or_create(plan_status=status)
            if (rule.tier, rule.redirect_message) != (tier, redirect_message):
                rule.tier, rule.redirect_message = tier, redirect_message
                rule.full_clean()
                rule.save()
                changed.append(f"{rule.get_plan_status_display()} tier or redirect")
        return changed

    return settings_section_update(
        ReferralSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_rules
    )

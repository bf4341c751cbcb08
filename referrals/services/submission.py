"""Submitting a draft: its reference, eligibility and priority, and the e-mails sent."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from measures.services import prfq_record_from_referral
from referrals import rules
from referrals.errors import ReferralError
from referrals.journey import missing_answers
from referrals.models import Child, ReferenceCounter, Referral, ReferralSettings
from referrals.services._common import Action, Status, _lock
from referrals.services.people import child_from_household, link_people
from vig_service.core.email import send_after_commit
from vig_service.core.models import ServiceConfiguration
from vig_service.core.transitions import transition


class IncompleteReferral(ReferralError):
    """Some required answers are missing."""

    def __init__(self, missing: list):
        super().__init__("Answer every question before you submit the referral")
        self.missing = missing


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


def _child_for(referral: Referral) -> Child:
    """The child an earlier submitted referral belongs to (NHS number first, then exact name
    and birth date), or who was another referral's household child, or a new one."""
    earlier = Referral.objects.exclude(pk=referral.pk).filter(child__isnull=False)
    for lookup in rules.same_child_lookups(
        nhs_number=referral.child_nhs_number,
        first_name=referral.child_first_name,
        last_name=referral.child_last_name,
        born=referral.child_date_of_birth,
    ):
        found = earlier.filter(**lookup).order_by("submitted_at", "pk").first()
        if found is not None:
            return found.child
    return child_from_household(referral) or Child.objects.create()


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
    referral.child = _child_for(referral)
    transition(
        referral,
        to=Status.SUBMITTED,
        by=by,
        action=Action.SUBMITTED,
        note="" if eligibility.eligible else "Not eligible: " + " ".join(eligibility.reasons),
        fields=[
            "reference",
            "submitted_at",
            "eligible",
            "eligibility_reasons",
            "priority_tier",
            "child",
        ],
    )
    link_people(referral)
    # The PRFQ the referrer gave is the PRFQ measure's result at referral (measures/).
    prfq_record_from_referral(referral, by=by)
    url = site_url.rstrip("/") + reverse("referrals:detail", args=[referral.pk])
    context = {"referral": referral, "url": url}
    send_after_commit(template="referrals/email/submitted", to=[by.email], context=context)
    send_after_commit(
        template="referrals/email/new_referral",
        to=[ServiceConfiguration.load().contact_email],
        context=context,
    )
    return referral

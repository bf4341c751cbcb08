"""Demo cases for `seed_demo`: each case opened on the day its demo referral was allocated."""

from django.utils import timezone

from cases.models import Case
from referrals.models import ReferralEvent


def seed_case_openings(*, referrers) -> int:
    """Date the cases of these referrers' referrals from their (backdated) allocation."""
    allocated = ReferralEvent.objects.filter(
        action=ReferralEvent.Action.ALLOCATED, referral__referrer__in=referrers
    ).values_list("referral_id", "occurred_at")
    return sum(
        Case.objects.filter(referral_id=referral_id).update(
            opened_on=timezone.localtime(occurred_at).date()
        )
        for referral_id, occurred_at in allocated
    )

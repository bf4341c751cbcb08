"""What the referral writes share: the status and action names, the row lock."""

from referrals.models import Referral, ReferralEvent
from vig_service.core.transitions import lock

Status = Referral.Status
Action = ReferralEvent.Action


def _lock(referral_id: int) -> Referral:
    return lock(Referral.objects, pk=referral_id)

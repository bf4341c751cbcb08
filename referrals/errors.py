"""The refusals of referral actions, each with a message the user can act on."""

from django.utils import timezone

from vig_service.core.errors import DomainError


def at_time(moment) -> str:
    """A moment as the referral pages say it: 14:05 on 3 March."""
    return timezone.localtime(moment).strftime("%H:%M on %-d %B")


class ReferralError(DomainError):
    """A referral action refused, with a message the user can act on."""


class TransitionNotAllowed(ReferralError):
    """The referral's current status does not allow this action."""


class StaleReferral(ReferralError):
    """Someone else changed the referral after this page was loaded."""

    def __init__(self, event, *, message: str = ""):
        who = event.actor if event and event.actor else "someone else"
        when = at_time(event.occurred_at) if event else ""
        super().__init__(
            message
            or f"This referral was changed by {who}{' at ' + when if when else ''}. "
            "Review it before you continue."
        )

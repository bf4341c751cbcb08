"""Named filters for referrals, including who may see which."""

from django.db import models

from referrals.configuration import ReferralSettings
from vig_service.accounts.roles import Role


class ReferralQuerySet(models.QuerySet):
    """Referral queries; every page's referrals pass through visible_to(user)."""

    def submitted(self):
        """Everything past the draft stage."""
        return self.exclude(status="draft")

    def open(self):
        """Referrals still in play: not drafts, not declined or withdrawn."""
        return self.filter(
            status__in=["submitted", "more_info_requested", "accepted", "allocated"]
        )

    def visible_to(self, user):
        """The referrals a user may open; anything else is a 404 for them.

        Drafts belong to their author alone. Coordinators see every submitted referral.
        Referrers see their own, and their team's when the service allows it.
        """
        if not user.is_authenticated:
            return self.none()
        own = models.Q(referrer=user)
        if user.has_role(Role.COORDINATOR):
            return self.filter(own | ~models.Q(status="draft"))
        if user.has_role(Role.REFERRER):
            if user.team_id and ReferralSettings.load().referrers_see_team_referrals:
                team = models.Q(team_id=user.team_id) & ~models.Q(status="draft")
                return self.filter(own | team)
            return self.filter(own)
        return self.none()

"""How many referrals are in each status and priority tier, kept by database triggers."""

from django.db import models


class StatusCount(models.Model):
    """How many referrals have this status and priority tier (0 for none).

    Written only by the trigger its migration installs, in the same transaction as the
    referral's own write, so the coordinator's home page reads a few rows, not every new and
    accepted referral (docs/architecture.md, "The limit facts").
    """

    NO_TIER = 0

    status = models.CharField(max_length=20)
    tier = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["status", "tier"], name="referrals_statuscount_key")
        ]

    def __str__(self):
        return f"{self.status}, tier {self.tier}: {self.n}"

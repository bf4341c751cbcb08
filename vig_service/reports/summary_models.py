"""The report summaries: counts per day, kept current by the database (docs/architecture.md,
"Report summaries"). Written only by `summaries/sql.py`'s functions, never by the ORM."""

from django.db import models


class DaySummary(models.Model):
    """One group of records on one day, and how many there are."""

    day = models.DateField()
    n = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.day}: {self.n}"


class ReferralDay(DaySummary):
    """Referrals received on a day, by status, whether accepted and priority tier."""

    status = models.CharField(max_length=20)
    accepted = models.BooleanField()
    priority_tier = models.PositiveSmallIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["day"])]


class ReferralRouteDay(DaySummary):
    """Referrals received on a day, by route in."""

    route_in = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["day"])]


class ReferralProfessionDay(DaySummary):
    """Referrals received on a day, by the referrer's profession."""

    profession = models.CharField(max_length=30)

    class Meta:
        indexes = [models.Index(fields=["day"])]


class DeclineDay(DaySummary):
    """Referrals received on a day and declined, by the reason given."""

    decline_reason = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["day"])]


def whole_days(wait: str) -> str:
    """SQL for a wait in whole days (`wait_days`), which never falls as the wait grows."""
    return f"floor(extract(epoch FROM {wait}) / 86400)::int"


class WaitDay(DaySummary):
    """How many waits of each exact length ended on a day, per measure (a histogram)."""

    measure = models.CharField(max_length=20)
    wait = models.DurationField(null=True)
    # The wait in whole days, as `CoarseWaitDay` counts it: a percentile reads the exact
    # waits of one whole day of wait only (docs/architecture.md, "Report summaries").
    wait_days = models.IntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["measure", "day"]),
            models.Index(
                fields=["measure", "wait_days", "day"],
                include=["wait", "n"],
                name="reports_waitday_whole_days",
            ),
        ]


class CoarseWaitDay(DaySummary):
    """How many waits of each whole number of days ended on a day, per measure."""

    measure = models.CharField(max_length=20)
    wait_days = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["measure", "day"])]


class ClosedCaseDay(DaySummary):
    """Cases closed on a day, by reason, number of cycles, and rated and improved."""

    closure_reason = models.CharField(max_length=20)
    cycle_count = models.PositiveIntegerField()
    rated = models.BooleanField()
    improved = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["day"])]


class RatingChangeDay(DaySummary):
    """Helping questions of the cases closed on a day, by change from baseline to last."""

    change = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["day"])]


class AttunementDay(DaySummary):
    """Rating steps at shared reviews of the cases closed on a day, by whether the question
    rose by 2 or more, in all (`principle` blank) and per principle shown in the cycle."""

    principle = models.CharField(max_length=80, blank=True)
    rose = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["day"])]

"""Outcome measures: questionnaires administrators define (PRFQ is one), their versions and
items, and each result taken for a child at a time point (referral, first cycle, closure,
follow-up). A result keeps the version it used, so changing a measure never changes answers."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class TimePoint(models.TextChoices):
    """When a measure is taken; the first two are "before", the last two "after"."""

    REFERRAL = "referral", "At referral"
    FIRST_CYCLE = "first_cycle", "At the first cycle"
    CLOSURE = "closure", "At closure"
    FOLLOW_UP = "follow_up", "At follow-up"


BEFORE = (TimePoint.REFERRAL, TimePoint.FIRST_CYCLE)
AFTER = (TimePoint.CLOSURE, TimePoint.FOLLOW_UP)


class Better(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Measure(models.Model):
    """A questionnaire the service uses, with when it is taken and what counts as improving."""

    TimePoint = TimePoint

    name = models.CharField(max_length=100, unique=True)
    # A stable name for the measures the service itself fills in (PRFQ at referral).
    key = models.SlugField(max_length=40, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    time_points = ArrayField(models.CharField(max_length=20, choices=TimePoint.choices))
    follow_up_months = models.PositiveSmallIntegerField(
        "Months after closure for the follow-up",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    # A change of at least this much, in the better direction, counts as improved.
    improvement_margin = models.DecimalField(
        "Improvement margin", max_digits=5, decimal_places=2, default=1
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(improvement_margin__gt=0), name="measures_margin_positive"
            ),
        ]

    def __str__(self):
        return self.name

    def current_version(self) -> "MeasureVersion":
        return self.versions.order_by("-number").first()


class MeasureVersion(models.Model):
    """A measure's items as they stood from a date; every change of items is a new version."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["measure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "number"], name="measures_version_once")
        ]

    def __str__(self):
        return f"{self.measure} version {self.number}"


class MeasureItem(models.Model):
    """One scored item (or subscale) of a version, with its range and better direction."""

    Better = Better

    version = models.ForeignKey(MeasureVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=40)
    wording = models.CharField(max_length=300)
    low = models.DecimalField(max_digits=6, decimal_places=2)
    high = models.DecimalField(max_digits=6, decimal_places=2)
    better = models.CharField(max_length=10, choices=Better.choices)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="measures_item_key_once"),
            models.CheckConstraint(
                condition=models.Q(high__gt=models.F("low")), name="measures_item_range"
            ),
        ]

    def __str__(self):
        return self.wording


class MeasureResult(models.Model):
    """A measure taken for a child at one time point, in the version then current."""

    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, related_name="measure_results"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="results")
    version = models.ForeignKey(MeasureVersion, on_delete=models.PROTECT, related_name="results")
    time_point = models.CharField(max_length=20, choices=TimePoint.choices)
    taken_on = models.DateField("Date taken")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["referral", "measure", "taken_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "measure", "time_point"], name="measures_result_once"
            ),
        ]

    def __str__(self):
        return f"{self.measure} {self.get_time_point_display().lower()}"


class MeasureScore(models.Model):
    """One item's score in a result."""

    result = models.ForeignKey(MeasureResult, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(MeasureItem, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["result", "item__position"]
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="measures_score_once")
        ]

    def __str__(self):
        return f"{self.item.key}: {self.value}"

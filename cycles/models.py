"""A cycle: one filming, its editing into clips, and the shared review that follows."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from cases.models import CaseEvent
from cycles.errors import CycleError, StaleCycle
from vig_service.core.models import Timestamped
from vig_service.core.transitions import StatusMachine


class CycleStatus(models.TextChoices):
    """Where a cycle is."""

    PLANNED = "planned", "Planned"
    FILMED = "filmed", "Filmed"
    EDITED = "edited", "Edited"
    REVIEWED = "reviewed", "Reviewed"


class Cycle(Timestamped, StatusMachine):
    """Cycle n of a case."""

    Status = CycleStatus

    TRANSITIONS = {
        Status.PLANNED: {Status.FILMED},
        Status.FILMED: {Status.EDITED},
        Status.EDITED: {Status.REVIEWED},
        Status.REVIEWED: set(),
    }

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=10, choices=CycleStatus.choices, default=CycleStatus.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    # Who started the cycle, to tell someone sending a stale "Start cycle" page.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who last changed the cycle (and updated_at when), to tell someone holding a stale page.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Filming
    filmed_on = models.DateField("Date filmed", null=True, blank=True)
    setting = models.CharField(
        "Setting or activity",
        max_length=120,
        blank=True,
        help_text="For example play, mealtime, bedtime or homework",
    )
    who_was_filmed = models.CharField("Who was filmed", max_length=200, blank=True)
    # Which children were filmed, so each child of 12 or over filmed needs their own
    # consent; `who_was_filmed` stays the words the guider wrote.
    focus_child_filmed = models.BooleanField("The child referred was filmed", default=False)
    household_children_filmed = models.ManyToManyField(
        "referrals.HouseholdChild",
        blank=True,
        related_name="cycles_filmed",
        verbose_name="Children in the household who were filmed",
    )
    minutes = models.PositiveSmallIntegerField(
        "Length in minutes",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    edited_on = models.DateField("Date the clips were chosen", null=True, blank=True)

    class Meta:
        ordering = ["case", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="cycles_cycle_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=CycleStatus.values), name="cycles_cycle_status_valid"
            ),
            # Past planned a cycle has its filming date; past filmed, the date clips were chosen.
            models.CheckConstraint(
                condition=models.Q(status="planned") | models.Q(filmed_on__isnull=False),
                name="cycles_cycle_filmed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["planned", "filmed"])
                | models.Q(edited_on__isnull=False),
                name="cycles_cycle_edited_has_date",
            ),
        ]
        # Reports: cycles filmed in the last 30 days, first filmings in a date range.
        indexes = [models.Index(fields=["filmed_on"], name="cycles_cycle_filmed_on_idx")]

    def __str__(self):
        return f"Cycle {self.number}"

    def transition_refused(self, to: str) -> CycleError:
        """Why the cycle cannot move to `to`: already done, or a step still to do first."""
        n, order = self.number, list(CycleStatus)
        if order.index(CycleStatus(self.status)) >= order.index(CycleStatus(to)):
            done = {
                CycleStatus.FILMED: f"Cycle {n} has already been filmed",
                CycleStatus.EDITED: f"The clips for cycle {n} have already been chosen",
                CycleStatus.REVIEWED: f"The shared review for cycle {n} has already been recorded",
            }
            return CycleError(done.get(to, f"Cycle {n} cannot go back to {CycleStatus(to).label}"))
        first = {
            CycleStatus.EDITED: f"Record the filming of cycle {n} before you choose its clips",
            CycleStatus.REVIEWED: (
                f"Choose the clips for cycle {n} before you record its shared review"
            ),
        }
        label = CycleStatus(to).label.lower()
        return CycleError(first.get(to, f"Cycle {n} is not ready to be {label}"))

    def transition_stale(self) -> StaleCycle:
        """Who last changed the cycle, and when, since the page was loaded."""
        who = self.updated_by or "someone else"
        when = timezone.localtime(self.updated_at).strftime("%H:%M")
        return StaleCycle(
            f"This cycle was changed by {who} at {when}. Review it before you continue."
        )

    def transition_event(self, *, by, action: str, from_status: str, note: str, **event_fields):
        """Every change to a cycle is a line on its case's timeline, naming the cycle."""
        return CaseEvent.objects.create(
            case_id=self.case_id,
            actor=by,
            action=action,
            note=f"Cycle {self.number}: {note}",
            **event_fields,
        )


class Clip(models.Model):
    """A moment chosen from the film, and the principles of attuned interaction it shows."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="clips")
    timestamp = models.CharField(
        "Time in the film", max_length=8, help_text="Minutes and seconds, for example 03:45"
    )
    description = models.CharField(max_length=500)
    principles = ArrayField(models.CharField(max_length=80), default=list)

    class Meta:
        ordering = ["cycle", "timestamp", "pk"]

    def __str__(self):
        return f"{self.timestamp} {self.description[:40]}"


class SharedReview(models.Model):
    """The guider and parent review the clips together."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="review")
    held_on = models.DateField("Date of the shared review")
    attendees = models.CharField("Who attended", max_length=300)
    professional_consents = models.ManyToManyField(
        "cases.Consent",
        blank=True,
        related_name="reviews_attended",
        help_text="Professionals who attended, each under a live consent.",
    )
    parent_reflections = models.TextField(max_length=4000, blank=True)
    guider_reflections = models.TextField(max_length=4000, blank=True)
    next_steps = models.TextField(max_length=4000, blank=True)

    def __str__(self):
        return f"Shared review for {self.cycle}"


class RatingKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    REVIEW = "review", "Shared review"
    CLOSURE = "closure", "Closure"


class Rating(models.Model):
    """A 0–10 rating of a helping question: at baseline, at a shared review, at closure."""

    Kind = RatingKind

    question = models.ForeignKey(
        "cases.HelpingQuestion", on_delete=models.CASCADE, related_name="ratings"
    )
    kind = models.CharField(max_length=10, choices=RatingKind.choices)
    review = models.ForeignKey(
        SharedReview, null=True, blank=True, on_delete=models.CASCADE, related_name="ratings"
    )
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(10)])
    rated_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["question", "rated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__gte=0, value__lte=10), name="cycles_rating_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="review", review__isnull=False)
                | (~models.Q(kind="review") & models.Q(review__isnull=True)),
                name="cycles_rating_review_link",
            ),
            models.UniqueConstraint(
                fields=["question", "review"], name="cycles_rating_once_per_review"
            ),
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(kind="baseline"),
                name="cycles_rating_one_baseline",
            ),
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(kind="closure"),
                name="cycles_rating_one_closure",
            ),
        ]
        indexes = [
            # A question's last rating after its baseline, read without sorting (reports).
            models.Index(
                fields=["question", "-rated_on", "-id"],
                condition=~models.Q(kind="baseline"),
                name="cycles_rating_last_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class ClipShowing(models.Model):
    """Clips shown to someone outside the family, only under a live consent for it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="showings")
    consent = models.ForeignKey("cases.Consent", on_delete=models.PROTECT, related_name="showings")
    shown_on = models.DateField("Date shown")
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["shown_on", "pk"]

    def __str__(self):
        return f"Shown to {self.consent.named_person} on {self.shown_on}"


class Supervision(models.Model):
    """Supervision of the guider on this cycle (for guiders in training)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="supervisions")
    supervised_on = models.DateField("Date")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["supervised_on", "pk"]

    def __str__(self):
        return f"Supervision on {self.supervised_on}"

"""Trainees in supervised practice: their stage, sign-offs and supervision sessions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from training.models.courses import Course
from training.querysets import TraineeQuerySet
from vig_service.core.models import Timestamped


class TraineeStatus(models.TextChoices):
    """Whether a trainee is still in supervised practice or accredited."""

    IN_TRAINING = "in_training", "In supervised practice"
    ACCREDITED = "accredited", "Accredited"


class Trainee(Timestamped):
    """A trainee guider in supervised practice after their course, working through the stages."""

    Status = TraineeStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainee_records",
        help_text="When the trainee is a guider here, their cycles are counted from their cases.",
    )
    full_name = models.CharField("Full name", max_length=150)
    email = models.EmailField("Email address", max_length=254)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainees_supervised"
    )
    course = models.ForeignKey(
        Course,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainees",
        help_text="Their initial course.",
    )
    stage = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    status = models.CharField(
        max_length=20, choices=TraineeStatus.choices, default=TraineeStatus.IN_TRAINING
    )
    stage_started_on = models.DateField("Date the stage started")
    accredited_on = models.DateField(null=True, blank=True)
    # For a trainee who is not a guider here, their supervisor enters the current stage's work.
    external_cycles = models.PositiveSmallIntegerField("Cycles this stage", default=0)
    external_clients = models.PositiveSmallIntegerField("Clients this stage", default=0)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__gte=1, stage__lte=3),
                name="training_trainee_stage_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=TraineeStatus.values),
                name="training_trainee_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accredited") | models.Q(accredited_on__isnull=False),
                name="training_trainee_accredited_has_date",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(user__isnull=False),
                name="training_trainee_one_per_user",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("training:trainee_detail", args=[self.pk])

    @property
    def is_external(self) -> bool:
        """Not a user here: the supervisor enters their cycles and clients."""
        return self.user_id is None


class StageSignOff(models.Model):
    """A supervisor's sign-off of the end of a stage: who, when, and why if not all was met."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="sign_offs")
    stage = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField()
    requirements_met = models.BooleanField()
    reason = models.TextField(max_length=2000, blank=True)
    # What the counts were when it was signed off, for the record.
    cycles = models.PositiveSmallIntegerField(default=0)
    clients = models.PositiveSmallIntegerField(default=0)
    supervision_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["trainee", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "stage"], name="training_sign_off_once_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(requirements_met=True) | ~models.Q(reason=""),
                name="training_sign_off_reason_unless_met",
            ),
        ]

    def __str__(self):
        return f"Stage {self.stage} signed off"


class SupervisionSession(models.Model):
    """A supervision session for a trainee: date, supervisor, length, and the case if any."""

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("Date")
    minutes = models.PositiveSmallIntegerField(
        "Length in minutes", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0), name="training_supervision_minutes_positive"
            ),
        ]
        indexes = [models.Index(fields=["trainee", "held_on"])]

    def __str__(self):
        return f"Supervision on {self.held_on}"

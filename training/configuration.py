"""The training part of the service configuration: course capacity and the stage table."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import AppSettingsSection

# The AVIGuk guider accreditation stages as published; a service edits them
# on the Configuration page when AVIGuk changes them.
DEFAULT_STAGES = (
    {
        "stage": 1,
        "cycles": 6,
        "clients": 2,
        "supervision_hours": 7,
        "ends_with": "Transition meeting",
    },
    {
        "stage": 2,
        "cycles": 9,
        "clients": 3,
        "supervision_hours": 8,
        "ends_with": "Transition meeting",
    },
    {
        "stage": 3,
        "cycles": 12,
        "clients": 3,
        "supervision_hours": 8,
        "ends_with": "Accreditation meeting",
    },
)
STAGES = (1, 2, 3)


class TrainingSettings(AppSettingsSection):
    """The service's training settings; one row, beside the configuration."""

    course_capacity = models.PositiveSmallIntegerField(
        "Places on a course",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="New courses start with this many places; each course may change it.",
    )
    email_trainee_on_sign_off = models.BooleanField(
        "Email a trainee when their supervisor signs off one of their stages", default=True
    )
    email_trainee_on_accreditation = models.BooleanField(
        "Email a trainee when they are accredited", default=True
    )

    class Meta:
        verbose_name = "training settings"
        verbose_name_plural = "training settings"

    def __str__(self):
        return "Training settings"

    def get_absolute_url(self):
        return reverse("training:configuration")

    def load_rows(self, *, created: bool) -> None:
        """The three stages, with the published defaults, whenever any is missing."""
        if created or self.stages.count() != len(STAGES):
            for row in DEFAULT_STAGES:
                StageRequirement.objects.get_or_create(
                    settings=self,
                    stage=row["stage"],
                    defaults={key: value for key, value in row.items() if key != "stage"},
                )

    def stage_table(self) -> dict[int, "StageRequirement"]:
        """Each stage's requirements, by stage number."""
        return {row.stage: row for row in self.stages.all()}


class StageRequirement(models.Model):
    """What one accreditation stage asks: cycles, clients and supervision, and how it ends."""

    settings = models.ForeignKey(TrainingSettings, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    cycles = models.PositiveSmallIntegerField(
        "Cycles required", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    clients = models.PositiveSmallIntegerField(
        "Clients required", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    supervision_hours = models.PositiveSmallIntegerField(
        "Supervision hours required", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    ends_with = models.CharField("Ends with", max_length=80)

    class Meta:
        ordering = ["stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "stage"], name="training_stage_once_per_settings"
            ),
            models.CheckConstraint(
                condition=models.Q(stage__gte=1, stage__lte=3), name="training_stage_1_to_3"
            ),
        ]

    def __str__(self):
        return f"Stage {self.stage}"

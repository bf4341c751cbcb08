"""The reports part of the service configuration: how small counts are shown when shared."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import AppSettingsSection
from vig_service.reports.summary_models import (
    AttunementDay,
    ClosedCaseDay,
    CoarseWaitDay,
    DeclineDay,
    RatingChangeDay,
    ReferralDay,
    ReferralProfessionDay,
    ReferralRouteDay,
    WaitDay,
)

__all__ = [
    "AttunementDay",
    "ClosedCaseDay",
    "CoarseWaitDay",
    "DeclineDay",
    "RatingChangeDay",
    "ReferralDay",
    "ReferralProfessionDay",
    "ReferralRouteDay",
    "ReportSettings",
    "WaitDay",
]


class ReportSettings(AppSettingsSection):
    """How downloads meant for sharing hide small numbers; one row, beside the configuration."""

    suppress_small_numbers = models.BooleanField(
        "Hide small numbers in downloads for sharing",
        default=True,
        help_text="Counts below the threshold are shown as “fewer than” the threshold.",
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        "Smallest count shown",
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "report settings"
        verbose_name_plural = "report settings"

    def __str__(self):
        return "Report settings"

    def get_absolute_url(self):
        return reverse("reports:configuration")

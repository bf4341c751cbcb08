"""The family links part of the service configuration: how long each kind of link lasts."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import AppSettingsSection


class FamilySettings(AppSettingsSection):
    """How long a family's links last; one row, beside the configuration."""

    page_link_days = models.PositiveSmallIntegerField(
        "Days a family page link lasts",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="The guider can give the family a new link at any time.",
    )
    feedback_link_days = models.PositiveSmallIntegerField(
        "Days a feedback link lasts",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = "family link settings"
        verbose_name_plural = "family link settings"

    def __str__(self):
        return "Family link settings"

    def get_absolute_url(self):
        return reverse("family:configuration")

"""The cases part of the service configuration: how many open cases each guider can hold."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import ServiceConfiguration


class CaseSettings(models.Model):
    """The service's caseload limits; one row, beside the configuration."""

    configuration = models.OneToOneField(
        ServiceConfiguration,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="case_settings",
    )
    default_capacity = models.PositiveSmallIntegerField(
        "Open cases per full-time guider",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="A guider may have their own number instead, such as 4 for a part-time guider.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "case settings"
        verbose_name_plural = "case settings"

    def __str__(self):
        return "Case settings"

    def get_absolute_url(self):
        return reverse("cases:configuration")

    @classmethod
    def load(cls) -> "CaseSettings":
        """The settings, created with defaults the first time."""
        # A callable default: the configuration row is only looked up when creating.
        settings, _ = cls.objects.get_or_create(
            configuration_id=ServiceConfiguration.SINGLETON_ID,
            defaults={"configuration": ServiceConfiguration.load},
        )
        return settings


class GuiderCapacity(models.Model):
    """One guider's own capacity in place of the default, such as 4 for a part-time guider."""

    guider = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guider_capacity"
    )
    capacity = models.PositiveSmallIntegerField(
        "Open cases", validators=[MinValueValidator(0), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = "guider capacity"
        verbose_name_plural = "guider capacities"

    def __str__(self):
        return f"{self.guider}: {self.capacity}"

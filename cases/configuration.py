"""The cases part of the service configuration: how many open cases each guider can hold."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import AppSettingsSection

DEFAULT_TRAJECT_HEADINGS = [
    "Basic communication",
    "Daily life",
    "Development of the child",
    "Development of the parent",
    "Neighbourhood/community",
]
DEFAULT_PRINCIPLES = [
    "Being attentive",
    "Encouraging initiatives",
    "Receiving initiatives",
    "Developing attuned interactions",
    "Guiding",
    "Deepening the discussion",
]


def _default_headings():
    return list(DEFAULT_TRAJECT_HEADINGS)


def _default_principles():
    return list(DEFAULT_PRINCIPLES)


class CaseSettings(AppSettingsSection):
    """The service's caseload limits; one row, beside the configuration."""

    default_capacity = models.PositiveSmallIntegerField(
        "Open cases per full-time guider",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="A guider may have their own number instead, such as 4 for a part-time guider.",
    )
    cycle_limit = models.PositiveSmallIntegerField(
        "Cycles per family",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    month_limit = models.PositiveSmallIntegerField(
        "Months from the first filming",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="A case reaches its limit at this many cycles or months, whichever is first.",
    )
    footage_deletion_months = models.PositiveSmallIntegerField(
        "Months after closure to delete footage",
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    traject_headings = ArrayField(
        models.CharField(max_length=80),
        default=_default_headings,
        verbose_name="Traject plan headings",
    )
    principles = ArrayField(
        models.CharField(max_length=80),
        default=_default_principles,
        verbose_name="Principles of attuned interaction",
    )
    email_guiders_on_allocation = models.BooleanField(
        "Email the guider and co-worker when a case is allocated or reassigned to them",
        default=True,
    )

    class Meta:
        verbose_name = "case settings"
        verbose_name_plural = "case settings"

    def __str__(self):
        return "Case settings"

    def get_absolute_url(self):
        return reverse("cases:configuration")


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

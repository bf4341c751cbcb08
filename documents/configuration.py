"""The documents part of the service configuration: how big an upload may be, and its types."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from documents.rules import ALLOWED_TYPES
from vig_service.core.models import AppSettingsSection

TYPE_CHOICES = [(mime, label) for mime, (label, _) in ALLOWED_TYPES.items()]


def ceiling_megabytes() -> int:
    """The most the deployment accepts (DOCUMENTS_MAX_BYTES): the page may only set less."""
    return max(1, settings.DOCUMENTS_MAX_BYTES // (1024 * 1024))


def _all_types():
    return list(ALLOWED_TYPES)


class DocumentSettings(AppSettingsSection):
    """The limits on uploads; one row, beside the configuration."""

    max_megabytes = models.PositiveSmallIntegerField(
        "Largest file, in MB",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    allowed_types = ArrayField(
        models.CharField(max_length=100, choices=TYPE_CHOICES),
        default=_all_types,
        verbose_name="Types of file accepted",
    )

    class Meta:
        verbose_name = "document settings"
        verbose_name_plural = "document settings"

    def __str__(self):
        return "Document settings"

    def get_absolute_url(self):
        return reverse("documents:configuration")

    @property
    def max_bytes(self) -> int:
        """The limit in bytes: this page's, never above the deployment's."""
        return min(self.max_megabytes, ceiling_megabytes()) * 1024 * 1024

"""The traject plan: its headings and their dated revisions."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.models.lifecycle import Case


class TrajectHeading(models.Model):
    """One heading of a family's traject plan; its text lives in dated revisions."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="traject_headings")
    title = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class TrajectRevision(models.Model):
    """One save of a traject plan heading; the newest is the current text."""

    heading = models.ForeignKey(TrajectHeading, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=80)
    changes_made = models.TextField(max_length=4000, blank=True)
    changes_hoped_for = models.TextField(max_length=4000, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["heading", "-number"]
        constraints = [
            # Two people saving the same heading at once cannot both write revision n+1.
            models.UniqueConstraint(fields=["heading", "number"], name="cases_traject_rev_unique"),
        ]

    def __str__(self):
        return f"{self.title} (revision {self.number})"

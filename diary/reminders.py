"""Reminders: the daily digest each person has been sent, and whether they want it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class DigestSent(models.Model):
    """One person's digest for one day, written as the mail is queued so no day sends twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    # The person had the digest off, so it carried only the footage deletions (safety).
    footage_only = models.BooleanField(default=False)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="diary_digest_once_a_day")
        ]

    def __str__(self):
        return f"Digest for {self.user} on {self.day:%-d %B %Y}"


class DigestPreference(models.Model):
    """Whether a person wants the daily digest; without a row, they do."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_preference",
    )
    daily_digest = models.BooleanField("E-mail me a daily digest", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Digest preference of {self.user}"

"""Retention periods (configuration) and the record of each retention run."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from vig_service.core.models import AppSettingsSection


def _months(label: str, default: int, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=help_text,
    )


class PrivacySettings(AppSettingsSection):
    """How long personal data is kept; one row, beside the configuration."""

    closed_case_months = _months(
        "Months to keep a closed case",
        72,
        "Counted from the date the case closed. Then names, dates of birth, contact details "
        "and notes are removed; the figures used in reports are kept.",
    )
    ended_referral_months = _months(
        "Months to keep a declined or withdrawn referral",
        12,
        "Counted from the date it was declined or withdrawn.",
    )
    training_months = _months(
        "Months to keep training records",
        72,
        "Counted from the end of the course, for participants' names and contact details.",
    )

    class Meta:
        verbose_name = "privacy settings"
        verbose_name_plural = "privacy settings"

    def __str__(self):
        return "Privacy settings"

    def get_absolute_url(self):
        return reverse("privacy:configuration")


COUNT_LABELS = {
    "closed_cases": "Closed cases",
    "declined_referrals": "Declined referrals",
    "withdrawn_referrals": "Withdrawn referrals",
    "audit_view_records_deleted": "View records deleted",
    "audit_denial_records_deleted": "Refused look-ups deleted",
    "audit_history_rows_deleted": "Change history rows deleted",
    "training_enrolments": "Course places",
    "training_trainees": "Trainees",
}


class RetentionRun(models.Model):
    """One run of apply_retention: when, by whom, whether it acted, and how many of each."""

    started_at = models.DateTimeField()
    applied = models.BooleanField(help_text="False for a dry run, which changes nothing.")
    run_by = models.CharField(max_length=150, blank=True)
    counts = models.JSONField(default=dict, help_text="What was (or would be) done, by kind.")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        kind = "applied" if self.applied else "dry run"
        return f"Retention run {self.started_at:%Y-%m-%d %H:%M} ({kind})"

    def summary(self) -> str:
        """The counts in words, for the Privacy page."""
        return ", ".join(
            f"{COUNT_LABELS.get(kind, kind.replace('_', ' ').capitalize())}: {count}"
            for kind, count in self.counts.items()
        )


class AnonymisedReferral(models.Model):
    """A referral whose personal details were removed by a retention run, and when."""

    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, related_name="anonymised"
    )
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="referrals")
    reason = models.CharField(max_length=40)

    def __str__(self):
        return f"Referral {self.referral_id} anonymised ({self.reason})"

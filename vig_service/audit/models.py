"""Who viewed which child's record, alerts on unusual viewing, and the change history tables."""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, Consent
from cycles.models import Cycle
from referrals.models import Referral
from vig_service.audit.triggers import DEFAULT_RETENTION_YEARS, append_only
from vig_service.core.models import AppSettingsSection


class AuditSettings(AppSettingsSection):
    """How long audit rows are kept and when unusual viewing raises an alert; one row."""

    retention_years = models.PositiveSmallIntegerField(
        "Years to keep the audit",
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Audit records younger than this cannot be deleted, even by the system.",
    )
    alert_threshold = models.PositiveSmallIntegerField(
        "Children viewed in an hour before an alert",
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=(
            "When one person opens the records of more different children than this within an "
            "hour, the service contact is e-mailed and the Audit page shows an alert."
        ),
    )
    denial_alert_threshold = models.PositiveSmallIntegerField(
        "Refused look-ups in an hour before an alert",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(10000)],
        help_text=(
            "When one person is refused this many children's record pages (not found or not "
            "allowed) within an hour, the service contact is e-mailed and the Audit page shows "
            "an alert."
        ),
    )

    class Meta:
        verbose_name = "audit settings"
        verbose_name_plural = "audit settings"

    def __str__(self):
        return "Audit settings"

    def get_absolute_url(self):
        return reverse("audit:configuration")


class AccessAction(models.TextChoices):
    """What the person did with the record."""

    VIEW = "view", "Viewed"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"


class RecordKind(models.TextChoices):
    """Which kind of record was opened."""

    REFERRAL = "referral", "Referral"
    CASE = "case", "Case"
    CYCLE = "cycle", "Cycle"
    DOWNLOAD = "download", "Download"


class RecordLookup(models.Model):
    """What every look-up row of the audit holds: who, their roles, which record, when, where.

    Record and referral ids are plain numbers, not foreign keys: the audit outlives the
    records it describes, and a cascade could never update or delete these rows anyway.
    """

    Kind = RecordKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    roles = models.CharField(max_length=200, help_text="The person's roles at the time.")
    record_kind = models.CharField(max_length=20, choices=RecordKind.choices)
    record_id = models.BigIntegerField(null=True, blank=True)
    referral_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="The child's referral, when the record exists: the audit is searched by child.",
    )
    child_reference = models.CharField(max_length=16, blank=True)
    path = models.CharField(max_length=500)
    occurred_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-occurred_at", "-pk"]


class HourlyAlert(models.Model):
    """What every alert holds: whom it is about, when it was raised and the threshold passed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    threshold = models.PositiveIntegerField()

    class Meta:
        abstract = True
        ordering = ["-raised_at", "-pk"]


class AccessEvent(RecordLookup):
    """One view, export or print of a child's record (or any download), by one person."""

    Action = AccessAction

    action = models.CharField(max_length=10, choices=AccessAction.choices)

    class Meta(RecordLookup.Meta):
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="audit_access_user_time"),
            models.Index(fields=["referral_id", "occurred_at"], name="audit_access_child_time"),
            models.Index(fields=["occurred_at"], name="audit_access_time"),
        ]
        triggers = [append_only(timestamp="occurred_at")]

    def __str__(self):
        return f"{self.user_id} {self.action} {self.record_kind} {self.record_id}"


class AccessAlert(HourlyAlert):
    """One person viewed more different children in an hour than the configured threshold."""

    children_viewed = models.PositiveIntegerField()

    class Meta(HourlyAlert.Meta):
        indexes = [models.Index(fields=["user", "raised_at"], name="audit_alert_user_time")]
        triggers = [append_only(timestamp="raised_at")]

    def __str__(self):
        return f"Alert for {self.user_id} at {self.raised_at:%Y-%m-%d %H:%M}"


class AccessDenial(RecordLookup):
    """One refused look-up: a 403 or 404 on a page of a child's record, by a signed-in person.

    Someone trying record ids one after another sees only "not found"; these rows are how the
    service sees them.
    """

    status = models.PositiveSmallIntegerField(help_text="403: not allowed; 404: not found.")

    class Meta(RecordLookup.Meta):
        indexes = [
            models.Index(fields=["user", "occurred_at"], name="audit_denial_user_time"),
            models.Index(fields=["referral_id", "occurred_at"], name="audit_denial_child_time"),
            models.Index(fields=["occurred_at"], name="audit_denial_time"),
        ]
        triggers = [append_only(timestamp="occurred_at")]

    def __str__(self):
        return f"{self.user_id} refused {self.status} {self.record_kind} {self.record_id}"


class DenialAlert(HourlyAlert):
    """One person was refused as many record pages in an hour as the configured threshold."""

    denials = models.PositiveIntegerField()

    class Meta(HourlyAlert.Meta):
        indexes = [models.Index(fields=["user", "raised_at"], name="audit_denalert_user_time")]
        triggers = [append_only(timestamp="raised_at")]

    def __str__(self):
        return f"Refusals alert for {self.user_id} at {self.raised_at:%Y-%m-%d %H:%M}"


# Field-level change history, written by PostgreSQL triggers on every insert, update and
# delete, whatever code made the change. The history tables are append-only like the rest.
TRACKED = {
    "ReferralHistory": Referral,
    "CaseHistory": Case,
    "CycleHistory": Cycle,
    "ConsentHistory": Consent,
}
for _name, _model in TRACKED.items():
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        model_name=_name,
        app_label="audit",
        obj_field=pghistory.ObjForeignKey(related_name="change_history"),
        meta={"triggers": [append_only(timestamp="pgh_created_at")]},
    )(_model)
ReferralHistory = globals()["ReferralHistory"]
CaseHistory = globals()["CaseHistory"]
CycleHistory = globals()["CycleHistory"]
ConsentHistory = globals()["ConsentHistory"]

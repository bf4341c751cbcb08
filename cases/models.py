"""A case: one family's intervention, opened when its referral is allocated to a guider."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.configuration import CaseSettings, GuiderCapacity
from cases.querysets import CaseQuerySet
from vig_service.core.models import Event

__all__ = ["Case", "CaseEvent", "CaseSettings", "CaseStatus", "GuiderCapacity"]


class CaseStatus(models.TextChoices):
    """Where a case is in its lifecycle (DESIGN.md §3)."""

    ALLOCATED = "allocated", "Allocated"
    CONTRACTING = "contracting", "Contracting"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    """A family's intervention with its guider, from allocation to closure."""

    Status = CaseStatus

    # Which status may follow which; services refuse anything else.
    TRANSITIONS = {
        Status.ALLOCATED: {Status.CONTRACTING, Status.CLOSED},
        Status.CONTRACTING: {Status.ACTIVE, Status.CLOSED},
        Status.ACTIVE: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    # One-to-one: the database itself refuses a second case for the same referral.
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="case"
    )
    guider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases"
    )
    co_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_worked_cases",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ALLOCATED)
    opened_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values),
                name="cases_case_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(co_worker__isnull=True)
                | ~models.Q(co_worker=models.F("guider")),
                name="cases_case_co_worker_not_guider",
            ),
        ]
        indexes = [models.Index(fields=["guider", "status"])]

    def __str__(self):
        return self.referral.reference or f"Case {self.pk}"

    def can_become(self, status: str) -> bool:
        """Whether the transitions table allows moving from the current status to `status`."""
        return status in self.TRANSITIONS[self.Status(self.status)]


class CaseEvent(Event):
    """One line of a case's timeline."""

    class Action(models.TextChoices):
        OPENED = "opened", "Case opened"
        REASSIGNED = "reassigned", "Reassigned"
        CO_WORKER_CHANGED = "co_worker_changed", "Co-worker changed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")

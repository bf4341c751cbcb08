"""A case's limit extensions, and the requests that a manager extend it."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.errors import CaseError
from cases.models.lifecycle import Case, CaseEvent
from vig_service.core.transitions import StatusMachine


class CaseExtension(models.Model):
    """A manager's decision to let a case go past its limit, with the new limit and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    cycle_limit = models.PositiveSmallIntegerField("New cycle limit")
    ends_on = models.DateField("New end date")
    reason = models.TextField(max_length=2000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["granted_at", "pk"]

    def __str__(self):
        return f"Extension to {self.cycle_limit} cycles / {self.ends_on}"


class ExtensionRequestStatus(models.TextChoices):
    """Where a request for an extension is: waiting for a manager, then granted or refused."""

    WAITING = "waiting", "Waiting for a decision"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"


class ExtensionRequest(StatusMachine):
    """A guider's or coordinator's request that a manager extend a case's limit, and the answer."""

    Status = ExtensionRequestStatus

    TRANSITIONS = {
        Status.WAITING: {Status.GRANTED, Status.REFUSED},
        Status.GRANTED: set(),
        Status.REFUSED: set(),
    }

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extension_requests")
    reason = models.TextField(max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ExtensionRequestStatus.choices, default=Status.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)
    extension = models.OneToOneField(
        CaseExtension,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExtensionRequestStatus.values),
                name="cases_extension_request_status_valid",
            ),
            # One request waiting per case at a time, whatever two people send at once.
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="waiting"),
                name="cases_one_waiting_extension_request",
            ),
            models.CheckConstraint(
                condition=models.Q(status="waiting")
                | (models.Q(decided_by__isnull=False) & models.Q(decided_at__isnull=False)),
                name="cases_extension_request_decided_has_who",
            ),
        ]

    def __str__(self):
        return f"Extension request for {self.case} ({self.get_status_display().lower()})"

    def decided_message(self) -> str:
        """Who already granted or refused this request, and when."""
        when = timezone.localtime(self.decided_at)
        return (
            f"This extension request was already {self.get_status_display().lower()} by "
            f"{self.decided_by} on {when.day} {when:%B %Y} at {when:%H:%M}."
        )

    def transition_refused(self, to: str) -> CaseError:
        """A request is decided once."""
        return CaseError(self.decided_message())

    def transition_event(self, *, by, action: str, from_status: str, note: str, **event_fields):
        """The decision is a line on the case's timeline, without a case status change."""
        return CaseEvent.objects.create(
            case_id=self.case_id, actor=by, action=action, note=note, **event_fields
        )

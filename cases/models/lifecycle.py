"""A case and its timeline: one family's intervention, from allocation to closure."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.errors import CaseError
from cases.querysets import CaseQuerySet
from cases.rules import CLOSED_MESSAGE
from vig_service.core.models import Event, Timestamped, actions_check
from vig_service.core.transitions import StatusMachine


class ClosureReason(models.TextChoices):
    """Why a case closed."""

    COMPLETED = "completed", "Completed"
    FAMILY_WITHDREW = "family_withdrew", "Family withdrew"
    DISENGAGED = "disengaged", "Disengaged"
    MOVED_AWAY = "moved_away", "Moved away"
    SAFEGUARDING = "safeguarding", "Safeguarding escalation"
    OTHER = "other", "Other"


class CaseStatus(models.TextChoices):
    """Where a case is in its lifecycle."""

    ALLOCATED = "allocated", "Allocated"
    CONTRACTING = "contracting", "Contracting"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Case(Timestamped, StatusMachine):
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
    version = models.PositiveIntegerField(default=1)

    # Contracting
    contract_agreed_on = models.DateField(
        "Date the written contract was agreed", null=True, blank=True
    )

    # Closure
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)
    outcome_summary = models.TextField(max_length=4000, blank=True)

    # Footage belongs to the family: only where it is kept and when it was deleted.
    footage_location = models.CharField("Where the footage is kept", max_length=200, blank=True)
    footage_deleted_on = models.DateField("Date the footage was deleted", null=True, blank=True)

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
            models.CheckConstraint(
                condition=~models.Q(status="closed")
                | (models.Q(closed_on__isnull=False) & ~models.Q(closure_reason="")),
                name="cases_case_closed_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["guider", "status"]),
            # Each guider's open cases, without reading the closed ones (caseloads).
            models.Index(
                fields=["guider"],
                condition=~models.Q(status="closed"),
                name="cases_case_open_guider",
            ),
            # Reports: cases closed in a date range, and allocations by month.
            models.Index(
                fields=["closed_on"],
                condition=models.Q(status="closed"),
                name="cases_case_closed_on_idx",
            ),
            models.Index(fields=["created_at"], name="cases_case_created_at_idx"),
        ]

    def __str__(self):
        return self.referral.reference or f"Case {self.pk}"

    def transition_refused(self, to: str) -> CaseError:
        """A closed case is read-only; any other move off the table is named."""
        if self.status == self.Status.CLOSED:
            return CaseError(CLOSED_MESSAGE)
        return CaseError(
            f"A case that is {self.get_status_display().lower()} cannot become "
            f"{self.Status(to).label.lower()}."
        )

    def transition_stale(self) -> CaseError:
        """Who changed the case, and when, since the page was loaded."""
        last = self.events.select_related("actor").last()
        who = last.actor if last and last.actor else "someone else"
        when = f" at {timezone.localtime(last.occurred_at):%H:%M}" if last else ""
        return CaseError(f"This case was changed by {who}{when}. Review it before you continue.")


class CaseEventAction(models.TextChoices):
    """Every line a case's timeline can hold, its cycles' included, as the timeline says it."""

    OPENED = "opened", "Case opened"
    REASSIGNED = "reassigned", "Reassigned"
    CONTACT_RECORDED = "contact_recorded", "Contact recorded"
    CONTRACTING_STARTED = "contracting_started", "Contracting started"
    CONTRACT_RECORDED = "contract_recorded", "Contract recorded"
    CONSENT_RECORDED = "consent_recorded", "Consent recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn", "Consent withdrawn"
    CONSENT_WITHDRAWN_BY_FAMILY = "consent_withdrawn_by_family", "Consent withdrawn by the family"
    QUESTION_SET = "question_set", "Helping question set"
    TRAJECT_STARTED = "traject_started", "Traject plan started"
    TRAJECT_HEADING_ADDED = "traject_heading_added", "Traject plan heading added"
    TRAJECT_SAVED = "traject_saved", "Traject plan updated"
    INTERVENTION_STARTED = "intervention_started", "Intervention started"
    CLOSED = "closed", "Case closed"
    FOOTAGE_RECORDED = "footage_recorded", "Footage recorded"
    FOOTAGE_DELETED = "footage_deleted", "Footage deleted"
    EXTENDED = "extended", "Limit extended"
    EXTENSION_REQUESTED = "extension_requested", "Extension asked for"
    EXTENSION_REFUSED = "extension_refused", "Extension refused"
    # A cycle's changes are lines on its case's timeline.
    CYCLE_STARTED = "cycle_started", "Cycle started"
    FILMING_RECORDED = "filming_recorded", "Filming recorded"
    FILMING_DATE_CORRECTED = "filming_date_corrected", "Filming date corrected"
    CLIP_ADDED = "clip_added", "Clip added"
    CLIP_REMOVED = "clip_removed", "Clip removed"
    CLIPS_CHOSEN = "clips_chosen", "Clips chosen"
    REVIEW_HELD = "review_held", "Review held"
    CLIPS_SHOWN = "clips_shown", "Clips shown"
    SUPERVISION_RECORDED = "supervision_recorded", "Supervision recorded"
    # An appointment for the case (diary) is a line on its timeline too.
    APPOINTMENT_PLANNED = "appointment_planned", "Appointment planned"
    APPOINTMENT_CHANGED = "appointment_changed", "Appointment changed"
    APPOINTMENT_HELD = "appointment_held", "Appointment held"
    APPOINTMENT_CANCELLED = "appointment_cancelled", "Appointment cancelled"
    APPOINTMENT_MISSED = "appointment_missed", "Appointment not attended"
    # A document on the case (documents) and its virus check.
    DOCUMENT_ADDED = "document_added", "Document added"
    DOCUMENT_CHECKED = "document_checked", "Document checked: no virus"
    DOCUMENT_QUARANTINED = "document_quarantined", "Document quarantined: virus found"
    DOCUMENT_CHECK_FAILED = "document_check_failed", "Document's virus check failed"
    DOCUMENT_CHECK_AGAIN = "document_check_again", "Document's virus check started again"
    DOCUMENT_WRITTEN = "document_written", "Letter written"


class CaseEvent(Event):
    """One line of a case's timeline."""

    Action = CaseEventAction

    action = models.CharField(max_length=60, choices=CaseEventAction.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(CaseEventAction)]

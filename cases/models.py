"""A case: one family's intervention, opened when its referral is allocated to a guider."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.configuration import CaseSettings, GuiderCapacity
from cases.errors import CaseError
from cases.querysets import CaseQuerySet
from cases.rules import CLOSED_MESSAGE
from vig_service.core.models import Event
from vig_service.core.transitions import StatusMachine

__all__ = [
    "Case",
    "CaseEvent",
    "CaseEventAction",
    "CaseExtension",
    "CaseSettings",
    "CaseStatus",
    "ClosureReason",
    "Consent",
    "Contact",
    "ExtensionRequest",
    "GuiderCapacity",
    "HelpingQuestion",
    "TrajectHeading",
    "TrajectRevision",
]


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


class Case(StatusMachine):
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


class CaseEvent(Event):
    """One line of a case's timeline."""

    Action = CaseEventAction

    action = models.CharField(max_length=60, choices=CaseEventAction.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=CaseEventAction.values),
                name="cases_caseevent_action_valid",
            ),
        ]


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


class ContactKind(models.TextChoices):
    INITIAL_VISIT = "initial_visit", "Initial visit"
    EXPLANATION = "explanation", "Explanation session"
    PHONE_CALL = "phone_call", "Phone call"
    OTHER = "other", "Other"


class Contact(models.Model):
    """A contracting contact with the family: a visit, a session explaining VIG, a call."""

    Kind = ContactKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    happened_on = models.DateField("Date")
    kind = models.CharField("Type", max_length=20, choices=ContactKind.choices)
    attendees = models.CharField("Who attended", max_length=300)
    notes = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.happened_on}"


class ConsentKind(models.TextChoices):
    FILMING = "filming", "To be filmed"
    PROFESSIONAL_ATTENDS = "attends_reviews", "For a professional to attend shared reviews"
    CLIPS_SHOWN = "clips_shown", "For clips to be shown to someone else"


class Consent(models.Model):
    """A consent given for the intervention; live until the date it was withdrawn."""

    Kind = ConsentKind

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    given_by = models.CharField("Given by", max_length=150)
    given_by_child = models.BooleanField("Given by a child aged 12 or over", default=False)
    # Which child gave their own consent, so filming can check each child of 12 or over
    # filmed. Older rows may say a child gave it without saying which.
    focus_child = models.BooleanField("Given by the child referred", default=False)
    household_child = models.ForeignKey(
        "referrals.HouseholdChild",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name="Given by a child in the household",
    )
    named_person = models.CharField(
        "The named professional or person",
        max_length=150,
        blank=True,
        help_text="Who may attend shared reviews, or who may be shown clips.",
    )
    given_on = models.DateField("Date given")
    withdrawn_on = models.DateField("Date withdrawn", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["kind", "given_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="filming") | ~models.Q(named_person=""),
                name="cases_consent_named_person_for_sharing",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="cases_consent_withdrawn_after_given",
            ),
            # One child at most, and a consent naming a child is a child's consent.
            models.CheckConstraint(
                condition=models.Q(focus_child=False) | models.Q(household_child__isnull=True),
                name="cases_consent_one_child",
            ),
            models.CheckConstraint(
                condition=models.Q(given_by_child=True)
                | (models.Q(focus_child=False) & models.Q(household_child__isnull=True)),
                name="cases_consent_named_child_is_child",
            ),
        ]

    def __str__(self):
        who = f" ({self.named_person})" if self.named_person else ""
        return f"{self.get_kind_display()}{who}, given by {self.given_by}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_on is None


class QuestionOwner(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "Child or young person"
    PROFESSIONAL = "professional", "Social worker or other professional"


class HelpingQuestion(models.Model):
    """A question the family wants VIG to help answer, rated 0–10 over time."""

    Owner = QuestionOwner

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="helping_questions")
    owner = models.CharField("Whose question", max_length=20, choices=QuestionOwner.choices)
    wording = models.CharField("The question", max_length=300)
    set_on = models.DateField("Date set")

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self):
        return self.wording


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

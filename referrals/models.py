"""A referral: the family, the child, the service's questions, and its status and timeline."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse

from referrals.children import Child
from referrals.choices import (
    Concern,
    Gender,
    PlanStatus,
    PrfqVersion,
    RouteIn,
    SchoolYear,
    YesNoUnknown,
)
from referrals.configuration import PlanStatusRule, ReferralSettings
from referrals.counts import StatusCount
from referrals.errors import StaleReferral, TransitionNotAllowed, at_time
from referrals.household import HouseholdChild, ParentCarer
from referrals.querysets import ReferralQuerySet
from vig_service.core.models import Event, Timestamped, actions_check
from vig_service.core.transitions import StatusMachine

__all__ = [
    "HouseholdChild",
    "ParentCarer",
    "PlanStatusRule",
    "ReferenceCounter",
    "Referral",
    "ReferralEvent",
    "ReferralSettings",
    "SchoolYear",
    "StatusCount",
]

PRFQ_SCORE = [MinValueValidator(1), MaxValueValidator(7)]


class OlderChildrenConsent(models.TextChoices):
    YES = "yes", "Yes, they have given their own consent"
    NO = "no", "No, not yet"
    NOT_APPLICABLE = "not_applicable", "Not relevant: no child aged 12 or over will be filmed"


class ReferralStatus(models.TextChoices):
    """Where a referral is in its lifecycle."""

    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    MORE_INFO_REQUESTED = "more_info_requested", "More information needed"
    ACCEPTED = "accepted", "Accepted – waiting for a guider"
    ALLOCATED = "allocated", "Allocated"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Referral(Timestamped, StatusMachine):
    """A request for VIG for one focus child, from draft to a decision."""

    Status = ReferralStatus

    # Which status may follow which; services refuse anything else.
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {
            Status.MORE_INFO_REQUESTED,
            Status.ACCEPTED,
            Status.DECLINED,
            Status.WITHDRAWN,
        },
        Status.MORE_INFO_REQUESTED: {Status.SUBMITTED, Status.DECLINED, Status.WITHDRAWN},
        Status.ACCEPTED: {Status.ALLOCATED, Status.WITHDRAWN},
        Status.ALLOCATED: set(),
        Status.DECLINED: set(),
        Status.WITHDRAWN: set(),
    }

    reference = models.CharField(max_length=16, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1)
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals"
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When the referral was first accepted or declined."
    )
    decline_reason = models.CharField(max_length=120, blank=True)

    # The focus child
    child_first_name = models.CharField("First name", max_length=100, blank=True)
    child_last_name = models.CharField("Last name", max_length=100, blank=True)
    child_date_of_birth = models.DateField("Date of birth", null=True, blank=True)
    child_gender = models.CharField("Gender", max_length=12, choices=Gender.choices, blank=True)
    child_nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    # Set when the referral is submitted: the same child as an earlier referral (by NHS number,
    # else by name and birth date), or a new one (referrals.services.submission).
    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    child_school_year = models.CharField(
        "School year", max_length=14, choices=SchoolYear.choices, blank=True
    )
    child_send = models.CharField(
        "Special educational needs or disabilities (SEND)",
        max_length=8,
        choices=YesNoUnknown.choices,
        blank=True,
    )
    child_autism = models.CharField(
        "Autism diagnosis or assessment", max_length=8, choices=YesNoUnknown.choices, blank=True
    )
    child_first_language = models.CharField("First language", max_length=60, blank=True)
    interpreter_needed = models.BooleanField("Interpreter needed", null=True, blank=True)
    postcode_district = models.CharField("Postcode district", max_length=4, blank=True)

    has_other_children = models.BooleanField(
        "Other children live in the household", null=True, blank=True
    )

    # Status, route and concerns
    plan_status = models.CharField(
        "Legal or plan status", max_length=20, choices=PlanStatus.choices, blank=True
    )
    route_in = models.CharField("Route in", max_length=20, choices=RouteIn.choices, blank=True)
    concerns = ArrayField(
        models.CharField(max_length=30, choices=Concern.choices), default=list, blank=True
    )

    # Before you refer
    vig_is_right = models.BooleanField(
        "The assessment indicates VIG is the right intervention", null=True, blank=True
    )
    vig_is_right_reason = models.TextField("Why VIG is right", max_length=1000, blank=True)
    discussed_with_professionals = models.BooleanField(
        "VIG has been discussed with the other professionals", null=True, blank=True
    )
    family_seen_explanation = models.BooleanField(
        "The family has seen an explanation of VIG", null=True, blank=True
    )
    family_explanation_detail = models.TextField(
        "How VIG was explained", max_length=1000, blank=True
    )

    # The service's questions
    hoped_change = models.TextField(
        "What change is hoped for by the parent or carer", max_length=2000, blank=True
    )
    hoped_change_agreed = models.BooleanField(
        "The hoped-for change has been mutually agreed", null=True, blank=True
    )
    child_impact = models.TextField(
        "The impact on the child's lived experience", max_length=2000, blank=True
    )
    parent_clear_on_impact = models.BooleanField(
        "The parent or carer is clear about this", null=True, blank=True
    )
    older_children_consent = models.CharField(
        "Children aged 12 and over have given their own consent to be filmed",
        max_length=16,
        choices=OlderChildrenConsent.choices,
        blank=True,
    )
    older_children_consent_detail = models.TextField(
        "About their consent", max_length=1000, blank=True
    )

    # PRFQ (optional)
    prfq_completed = models.BooleanField("A PRFQ has been completed", null=True, blank=True)
    prfq_version = models.CharField(
        "PRFQ version", max_length=12, choices=PrfqVersion.choices, blank=True
    )
    prfq_pre_mentalizing = models.DecimalField(
        "Pre-mentalizing",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRFQ_SCORE,
    )
    prfq_certainty = models.DecimalField(
        "Certainty about mental states",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRFQ_SCORE,
    )
    prfq_interest = models.DecimalField(
        "Interest and curiosity",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRFQ_SCORE,
    )
    prfq_date = models.DateField("Date completed", null=True, blank=True)

    # Set on submission, from the service's rules as they stood then
    eligible = models.BooleanField(null=True, blank=True)
    eligibility_reasons = ArrayField(models.TextField(), default=list, blank=True)
    eligibility_overridden = models.BooleanField(default=False)
    priority_tier = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReferralStatus.values),
                name="referrals_referral_status_valid",
            ),
            # Past the draft stage a referral always has these; the journey enforces the rest.
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (
                    models.Q(reference__isnull=False)
                    & models.Q(submitted_at__isnull=False)
                    & models.Q(child_date_of_birth__isnull=False)
                    & ~models.Q(plan_status="")
                    & ~models.Q(hoped_change="")
                    & ~models.Q(child_impact="")
                ),
                name="referrals_referral_submitted_complete",
            ),
        ]
        indexes = [
            # The queue's rows, and its counts from the index alone: the restriction check
            # reads the child, the drafts rule the referrer (docs/architecture.md).
            models.Index(
                fields=["status", "priority_tier", "submitted_at"],
                include=["child", "referrer"],
                name="referrals_queue_idx",
            ),
            models.Index(fields=["referrer", "status"]),
            models.Index(fields=["status", "priority_tier", "accepted_at"]),
            # The referrals waiting for their referrer, counted from this index alone (the
            # drafts rule reads the status, so it is included though the condition fixes it).
            models.Index(
                fields=["id"],
                include=["child", "referrer", "status"],
                condition=models.Q(status="more_info_requested"),
                name="referrals_waiting_idx",
            ),
            models.Index(fields=["child_nhs_number"]),
            models.Index(fields=["child_date_of_birth"]),
            # Reports count referrals received and decided by month from the index alone.
            models.Index(
                fields=["submitted_at"],
                include=["status", "priority_tier", "route_in", "accepted_at", "referrer"],
                name="referrals_submitted_at_idx",
            ),
            models.Index(
                fields=["decided_at"], include=["submitted_at"], name="referrals_decided_at_idx"
            ),
            # The queue's duplicate tag: the same name and birth date, found in one probe.
            models.Index(
                models.F("child_date_of_birth"),
                Upper("child_first_name"),
                Upper("child_last_name"),
                name="referrals_same_child_idx",
            ),
            # Duplicate checks look up NHS numbers that were given; most blanks are skipped.
            models.Index(
                fields=["child_nhs_number"],
                condition=~models.Q(child_nhs_number=""),
                name="referrals_nhs_number_given_idx",
            ),
        ]

    def __str__(self):
        return self.reference or f"Draft referral {self.pk}"

    def get_absolute_url(self):
        return reverse("referrals:detail", args=[self.pk])

    @property
    def child_name(self) -> str:
        return f"{self.child_first_name} {self.child_last_name}".strip()

    @property
    def child_initials(self) -> str:
        return "".join(part[:1].upper() for part in (self.child_first_name, self.child_last_name))

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def transition_refused(self, to: str) -> TransitionNotAllowed:
        """A move the transitions table does not allow, in the triage team's words."""
        return TransitionNotAllowed(
            f"A referral that is “{self.get_status_display()}” cannot be "
            f"{self.Status(to).label.lower()}."
        )

    def transition_stale(self) -> StaleReferral:
        """A page loaded before the last change: who changed it, or who allocated it."""
        if self.status == self.Status.ALLOCATED:
            # "Changed by" alone sends the coordinator hunting for what changed; say it.
            return StaleReferral(None, message=self.allocation_summary())
        return StaleReferral(self.events.select_related("actor").last())

    def allocation_summary(self) -> str:
        """Who allocated the referral, to which guider, and when: the refusal of a late one."""
        event = (
            self.events.filter(action=ReferralEvent.Action.ALLOCATED)
            .select_related("actor")
            .last()
        )
        try:
            case = self.case
        except ObjectDoesNotExist:
            case = None
        who = event.actor.full_name if event and event.actor else "Someone else"
        to = f" to {case.guider.full_name}" if case else ""
        if case and case.co_worker:
            to += f" with {case.co_worker.full_name}"
        when = f" at {at_time(event.occurred_at)}" if event else ""
        return f"This referral has already been allocated. {who} allocated it{to}{when}."


class ReferralEventAction(models.TextChoices):
    """What a line of a referral's timeline records."""

    CREATED = "created", "Draft started"
    SUBMITTED = "submitted", "Submitted"
    MORE_INFO_REQUESTED = "more_info_requested", "More information requested"
    INFORMATION_PROVIDED = "information_provided", "More information provided"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ALLOCATED = "allocated", "Allocated"
    ELIGIBILITY_OVERRIDDEN = "eligibility_overridden", "Eligibility overridden"


class ReferralEvent(Event):
    """One line of a referral's timeline."""

    Action = ReferralEventAction

    action = models.CharField(max_length=60, choices=Action.choices)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")

    # Which events the referrer sees on their timeline (not internal triage notes).
    SHOWN_TO_REFERRER = frozenset(
        {
            Action.CREATED,
            Action.SUBMITTED,
            Action.MORE_INFO_REQUESTED,
            Action.INFORMATION_PROVIDED,
            Action.ACCEPTED,
            Action.DECLINED,
            Action.WITHDRAWN,
            Action.ALLOCATED,
        }
    )

    class Meta(Event.Meta):
        constraints = [actions_check(ReferralEventAction)]
        indexes = [
            # The questions asked since a moment, for the coordinator's count of referrals
            # waiting for their referrer (ReferralQuerySet.waiting_for_referrer).
            models.Index(
                fields=["occurred_at"],
                include=["referral"],
                condition=models.Q(action="more_info_requested"),
                name="referrals_event_asked_idx",
            ),
        ]


class ReferenceCounter(models.Model):
    """The last reference number issued in a year; its row lock serialises numbering."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"

"""Retention: find what is past its period and anonymise it, keeping the figures reports use.

Names, dates of birth (kept to the year), NHS numbers, contact details, postcodes and free
text are replaced; statuses, tiers, dates of status changes, counts and ratings stay, so
reports over past years still add up.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db import transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import TruncYear
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    Consent,
    Contact,
    ExtensionRequest,
    HelpingQuestion,
    TrajectRevision,
)
from cycles.models import Clip, ClipShowing, Cycle, SharedReview, Supervision
from documents.services import documents_remove_for_referrals, documents_remove_for_training
from family.models import FamilyLink, FamilyLinkEvent, FeedbackAnswer
from referrals.models import HouseholdChild, ParentCarer, Referral, ReferralEvent
from training.models import Enrolment, SupervisionSession, Trainee
from vig_service.audit.models import AccessDenial, AccessEvent, AuditSettings
from vig_service.privacy.models import AnonymisedReferral, PrivacySettings, RetentionRun

logger = logging.getLogger(__name__)

REMOVED = "Removed"

# Per model: the path from it to its referral, and what each personal field becomes.
ANONYMISE = {
    Referral: (
        "pk",
        {
            "child_first_name": Value(REMOVED),
            "child_last_name": Value(""),
            "child_date_of_birth": TruncYear("child_date_of_birth"),
            "child_nhs_number": Value(""),
            "postcode_district": Value(""),
            "child_first_language": Value(""),
            "vig_is_right_reason": Value(""),
            "family_explanation_detail": Value(""),
            "hoped_change": Value(REMOVED),
            "child_impact": Value(REMOVED),
            "older_children_consent_detail": Value(""),
        },
    ),
    ParentCarer: ("referral", {"name": Value(REMOVED), "phone": Value(""), "email": Value("")}),
    HouseholdChild: (
        "referral",
        {"first_name": Value(REMOVED), "date_of_birth": TruncYear("date_of_birth")},
    ),
    ReferralEvent: ("referral", {"note": Value("")}),
    Case: ("referral", {"outcome_summary": Value(""), "footage_location": Value("")}),
    CaseEvent: ("case__referral", {"note": Value("")}),
    CaseExtension: ("case__referral", {"reason": Value(REMOVED)}),
    ExtensionRequest: (
        "case__referral",
        {"reason": Value(REMOVED), "decision_reason": Value("")},
    ),
    Contact: ("case__referral", {"attendees": Value(REMOVED), "notes": Value("")}),
    Consent: ("case__referral", {"given_by": Value(REMOVED)}),
    HelpingQuestion: ("case__referral", {"wording": Value(REMOVED)}),
    TrajectRevision: (
        "heading__case__referral",
        {"changes_made": Value(""), "changes_hoped_for": Value("")},
    ),
    Cycle: ("case__referral", {"setting": Value(""), "who_was_filmed": Value("")}),
    Clip: ("cycle__case__referral", {"description": Value(REMOVED)}),
    SharedReview: (
        "cycle__case__referral",
        {
            "attendees": Value(REMOVED),
            "parent_reflections": Value(""),
            "guider_reflections": Value(""),
            "next_steps": Value(""),
        },
    ),
    ClipShowing: ("cycle__case__referral", {"notes": Value("")}),
    Supervision: ("cycle__case__referral", {"notes": Value("")}),
    SupervisionSession: ("case__referral", {"notes": Value("")}),
    # The family's links and answers: who each was for, where it was sent, what they wrote
    # (the coded answers stay for the reports, naming nobody).
    FamilyLink: (
        "case__referral",
        {"for_whom": Value(REMOVED), "sent_to": Value(""), "texted_to": Value("")},
    ),
    FamilyLinkEvent: ("link__case__referral", {"note": Value("")}),
    FeedbackAnswer: (
        "link__case__referral",
        {"what_changed": Value(""), "could_be_better": Value("")},
    ),
}
# Text kept on purpose: references, coded values and headings that name nobody.
KEPT = {
    ("family.FamilyLink", "token_digest"),
    ("family.FamilyLinkEvent", "page"),
    ("referrals.Referral", "reference"),
    ("referrals.Referral", "decline_reason"),
    ("referrals.ReferralEvent", "action"),
    ("referrals.ReferralEvent", "from_status"),
    ("referrals.ReferralEvent", "to_status"),
    ("cases.CaseEvent", "action"),
    ("cases.CaseEvent", "from_status"),
    ("cases.CaseEvent", "to_status"),
    ("cases.TrajectRevision", "title"),
    ("cycles.Clip", "timestamp"),
}
# Named people on sharing consents (a filming consent has none, and must stay without).
NAMED_PERSON = (Consent, "case__referral", {"named_person": Value(REMOVED)})


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Plan:
    """What a run finds past its period: referrals to anonymise by reason, and other rows."""

    today: date
    cutoffs: dict[str, date]
    referrals: dict[str, list[int]] = field(default_factory=dict)
    audit_events: int = 0
    training: dict[str, int] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = {reason: len(ids) for reason, ids in self.referrals.items()}
        counts["audit_view_records_deleted"] = self.audit_events
        counts.update(self.training)
        return counts


def _audit_cutoff(today: date) -> date:
    """The audit app's own period (AuditSettings, enforced by its database trigger)."""
    return months_before(today, AuditSettings.load().retention_years * 12)


def _audit_tables(cutoff: date) -> dict:
    """Per audit table, the rows older than the audit period (the trigger allows those only)."""
    tables = {
        "audit_view_records_deleted": AccessEvent.objects.filter(occurred_at__date__lt=cutoff),
        "audit_denial_records_deleted": AccessDenial.objects.filter(occurred_at__date__lt=cutoff),
    }
    history = [
        model
        for model in apps.get_app_config("audit").get_models()
        if any(f.name == "pgh_created_at" for f in model._meta.fields)
    ]
    for model in history:
        tables[f"history:{model._meta.label}"] = model.objects.filter(
            pgh_created_at__date__lt=cutoff
        )
    return tables


# Training: the people on a course, and trainees, once their training is long over.
TRAINING = {
    Enrolment: {
        "full_name": Value(REMOVED),
        "email": Value(""),
        "withdrawn_reason": Value(""),
    },
    Trainee: {"full_name": Value(REMOVED), "email": Value("")},
}


def _training_due(cutoff: date) -> dict:
    last_day = Max("course__days__date")
    return {
        Enrolment: Enrolment.objects.exclude(full_name=REMOVED)
        .annotate(last_day=last_day)
        .filter(last_day__lt=cutoff),
        Trainee: Trainee.objects.exclude(full_name=REMOVED).filter(
            status=Trainee.Status.ACCREDITED, accredited_on__lt=cutoff
        ),
    }


def plan(*, today: date | None = None) -> Plan:
    """Everything past its retention period today; reads only."""
    today = today or timezone.localdate()
    periods = PrivacySettings.load()
    cutoffs = {
        "closed_cases": months_before(today, periods.closed_case_months),
        "ended_referrals": months_before(today, periods.ended_referral_months),
        "training": months_before(today, periods.training_months),
        "audit": _audit_cutoff(today),
    }
    result = Plan(today=today, cutoffs=cutoffs)
    not_done = Referral.objects.filter(anonymised__isnull=True)
    result.referrals["closed_cases"] = list(
        not_done.filter(
            case__status=Case.Status.CLOSED, case__closed_on__lt=cutoffs["closed_cases"]
        ).values_list("pk", flat=True)
    )
    for status in (Referral.Status.DECLINED, Referral.Status.WITHDRAWN):
        ended = (
            not_done.filter(status=status)
            .annotate(ended_at=Max("events__occurred_at", filter=Q(events__to_status=status)))
            .filter(ended_at__date__lt=cutoffs["ended_referrals"])
        )
        result.referrals[f"{status}_referrals"] = list(ended.values_list("pk", flat=True))
    tables = _audit_tables(cutoffs["audit"])
    result.audit_events = tables.pop("audit_view_records_deleted").count()
    result.training["audit_denial_records_deleted"] = tables.pop(
        "audit_denial_records_deleted"
    ).count()
    result.training["audit_history_rows_deleted"] = sum(qs.count() for qs in tables.values())
    due = _training_due(cutoffs["training"])
    result.training["training_enrolments"] = due[Enrolment].count()
    result.training["training_trainees"] = due[Trainee].count()
    return result


@transaction.atomic
def apply(retention: Plan, *, run_by: str = "") -> RetentionRun:
    """Anonymise the planned referrals (and everything under them); delete old view records."""
    run = RetentionRun.objects.create(
        started_at=timezone.now(), applied=True, run_by=run_by, counts=retention.counts()
    )
    for reason, ids in retention.referrals.items():
        if not ids:
            continue
        # Lock them first so nobody edits a record halfway through its anonymisation.
        list(Referral.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        for model, (path, replacements) in ANONYMISE.items():
            key = "pk__in" if path == "pk" else f"{path}__in"
            model.objects.filter(**{key: ids}).update(**replacements)
        model, path, replacements = NAMED_PERSON
        model.objects.filter(**{f"{path}__in": ids}).exclude(named_person="").update(
            **replacements
        )
        documents_remove_for_referrals(ids)
        AnonymisedReferral.objects.bulk_create(
            AnonymisedReferral(referral_id=pk, run=run, reason=reason) for pk in ids
        )
    due = {
        model: list(queryset.values_list("pk", flat=True))
        for model, queryset in _training_due(retention.cutoffs["training"]).items()
    }
    for model, ids in due.items():
        model.objects.filter(pk__in=ids).update(**TRAINING[model])
    documents_remove_for_training(trainee_ids=due[Trainee], enrolment_ids=due[Enrolment])
    # Audit rows past the audit period: the views, the refused look-ups, and the change
    # history (which holds copies of the records as they were, so it must go too once it may).
    for queryset in _audit_tables(retention.cutoffs["audit"]).values():
        queryset.delete()
    logger.info("Retention run %s applied: %s", run.pk, run.counts)
    return run


def record_dry_run(retention: Plan, *, run_by: str = "") -> RetentionRun:
    """A dry run changes nothing but is still recorded, with what it would have done."""
    run = RetentionRun.objects.create(
        started_at=timezone.now(), applied=False, run_by=run_by, counts=retention.counts()
    )
    logger.info("Retention dry run %s: %s", run.pk, run.counts)
    return run

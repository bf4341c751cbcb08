"""Where a case stands: the annotations its next action and limit need, read once."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, OuterRef, QuerySet
from django.utils import timezone

from cases import rules
from cases.cycle_facts import cycle_facts
from cases.models import Case, CaseSettings, Consent, Contact, HelpingQuestion
from cases.selectors._common import _count, _has
from vig_service.core.next_actions import NextAction

# Contacts that count as the initial visit: a visit or a session explaining VIG, not a call.
INITIAL_VISIT_KINDS = (Contact.Kind.INITIAL_VISIT, Contact.Kind.EXPLANATION)


def with_progress(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what their next action and limit depend on, in one query."""
    own = OuterRef("pk")
    annotated = cases.annotate(
        question_count=_count(HelpingQuestion.objects.filter(case=own)),
        has_initial_visit=_has(Contact.objects.filter(case=own, kind__in=INITIAL_VISIT_KINDS)),
        has_filming_consent=_has(
            Consent.objects.filter(case=own, kind=Consent.Kind.FILMING, withdrawn_on__isnull=True)
        ),
        # The first filming and latest extension from the limit facts, one join instead of
        # three subqueries (docs/architecture.md, "The limit facts").
        extension_cycles=F("limit_facts__extension_cycle_limit"),
        extension_ends_on=F("limit_facts__extension_ends_on"),
        first_filmed_on=F("limit_facts__first_filmed_on"),
    )
    # The last review and each cycle's state come from cycles.
    return cycle_facts().annotate_progress(annotated)


@dataclass(frozen=True)
class Progress:
    """Where a case stands: its limit, cycles done, last review, footage and next action."""

    limit: rules.Limit
    cycles_done: int
    cycles_started: int
    last_review_on: date | None
    footage_due_on: date | None
    footage_flag: NextAction | None
    next_action: NextAction
    near_limit: bool


def progress_of(case: Case, *, settings: CaseSettings, today: date) -> Progress:
    """The progress of a case loaded through with_progress(), without further queries."""
    states = list(zip(case.cycle_numbers, case.cycle_statuses, strict=True))
    extensions = []
    if case.extension_cycles is not None:
        extensions = [(case.extension_cycles, case.extension_ends_on)]
    limit = rules.effective_limit(
        cycle_limit=settings.cycle_limit,
        month_limit=settings.month_limit,
        first_filmed_on=case.first_filmed_on,
        extensions=extensions,
    )
    closed = case.status == Case.Status.CLOSED
    has_footage = case.first_filmed_on is not None or bool(case.footage_location)
    due_on = None
    if closed and has_footage:
        due_on = rules.footage_deletion_due_on(
            closed_on=case.closed_on, months=settings.footage_deletion_months
        )
    return Progress(
        limit=limit,
        cycles_done=sum(1 for _, status in states if status == "reviewed"),
        cycles_started=len(states),
        last_review_on=case.last_review_on,
        footage_due_on=due_on,
        footage_flag=rules.footage_flag(
            footage_deleted_on=case.footage_deleted_on, due_on=due_on, today=today
        ),
        next_action=rules.next_action(
            status=case.status,
            has_initial_visit=case.has_initial_visit,
            has_contract=case.contract_agreed_on is not None,
            has_filming_consent=case.has_filming_consent,
            question_count=case.question_count,
            cycles=states,
            limit=limit,
            today=today,
            has_footage=has_footage,
            footage_deleted_on=case.footage_deleted_on,
            footage_due_on=due_on,
        ),
        # As near_limit() decides, from the same facts, without asking the database again.
        near_limit=not closed and limit.near(cycles_started=len(states), today=today),
    )


def attach_progress(cases) -> list[Case]:
    """Set `progress` on each case loaded through with_progress(); returns them as a list."""
    settings, today = CaseSettings.load(), timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.progress = progress_of(case, settings=settings, today=today)
    return rows

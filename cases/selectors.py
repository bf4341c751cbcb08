"""Reads about cases and caseloads: My cases, the case pages, allocation and configuration."""

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.cycle_facts import cycle_facts
from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    CaseSettings,
    Consent,
    Contact,
    ExtensionRequest,
    GuiderCapacity,
    HelpingQuestion,
    TrajectHeading,
    TrajectRevision,
)
from cases.querysets import guider_capacity
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.navigation import HomeFigure
from vig_service.core.next_actions import NextAction


@dataclass(frozen=True)
class GuiderLoad:
    """A guider's open cases against their capacity, for choosing who takes a new case."""

    guider: User
    open_cases: int
    capacity: int
    overridden: bool

    @property
    def remaining(self) -> int:
        """Places left before the guider reaches capacity; never below zero."""
        return max(self.capacity - self.open_cases, 0)

    @property
    def would_exceed(self) -> bool:
        """Whether one more case would take the guider beyond their capacity."""
        return self.open_cases + 1 > self.capacity


def guiders_with_caseload() -> list[GuiderLoad]:
    """Every active guider with their open cases and capacity, by name, in two queries."""
    default = CaseSettings.load().default_capacity
    guiders = (
        User.objects.filter(is_active=True, groups__name=Role.GUIDER)
        .annotate(
            # distinct: the join to the guider group must never count a case twice.
            open_case_count=Count(
                "cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True
            ),
            capacity=guider_capacity(default),
            overridden=ExpressionWrapper(
                Q(guider_capacity__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by("full_name", "pk")
    )
    return [
        GuiderLoad(
            guider=guider,
            open_cases=guider.open_case_count,
            capacity=guider.capacity,
            overridden=guider.overridden,
        )
        for guider in guiders
    ]


def capacity_for(guider: User) -> int:
    """How many open cases this guider can hold: their own number, else the default."""
    own = GuiderCapacity.objects.filter(guider=guider).values_list("capacity", flat=True).first()
    return own if own is not None else CaseSettings.load().default_capacity


# Contacts that count as the initial visit: a visit or a session explaining VIG, not a call.
INITIAL_VISIT_KINDS = (Contact.Kind.INITIAL_VISIT, Contact.Kind.EXPLANATION)


def _count(queryset: QuerySet) -> Coalesce:
    """A count per case as a subquery, so several counts never multiply each other's joins."""
    counted = queryset.order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _has(queryset: QuerySet) -> Coalesce:
    """Whether the case has such a row, looked up by index for each case.

    Not Exists(): PostgreSQL may turn an EXISTS into a hash of the whole table (every
    contact, every consent), which costs 40 ms at 100,000 referrals for a page of ten cases.
    """
    found = queryset.order_by().annotate(found=Value(True)).values("found")[:1]
    return Coalesce(Subquery(found, output_field=BooleanField()), Value(False))


def with_progress(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what their next action and limit depend on, in one query plus one for cycles."""
    own = OuterRef("pk")
    extensions = CaseExtension.objects.filter(case=own).order_by("-granted_at", "-pk")
    annotated = cases.annotate(
        question_count=_count(HelpingQuestion.objects.filter(case=own)),
        has_initial_visit=_has(Contact.objects.filter(case=own, kind__in=INITIAL_VISIT_KINDS)),
        has_filming_consent=_has(
            Consent.objects.filter(case=own, kind=Consent.Kind.FILMING, withdrawn_on__isnull=True)
        ),
        extension_cycles=Subquery(extensions.values("cycle_limit")[:1]),
        extension_ends_on=Subquery(extensions.values("ends_on")[:1]),
    )
    # First filming, last review, cycles reviewed and each cycle's state come from cycles.
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


def progress_of(case: Case, *, settings: CaseSettings, today: date) -> Progress:
    """The progress of a case loaded through with_progress(), without further queries."""
    states = [(cycle.number, cycle.status) for cycle in case.cycle_states]
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
        cycles_done=case.reviewed_count,
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
    )


def attach_progress(cases) -> list[Case]:
    """Set `progress` on each case loaded through with_progress(); returns them as a list."""
    settings, today = CaseSettings.load(), timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.progress = progress_of(case, settings=settings, today=today)
    return rows


def limit_for(*, case: Case, cycles=None, settings: CaseSettings | None = None) -> rules.Limit:
    """The case's limit now: the service's, from its first filming, or the latest extension.

    Pass the case's cycles when they are already loaded, to save looking them up again.
    """
    settings = settings or CaseSettings.load()
    if cycles is None:
        first_filmed_on = cycle_facts().first_filmed_on(case.pk)
    else:
        filmed = [cycle.filmed_on for cycle in cycles if cycle.filmed_on]
        first_filmed_on = min(filmed) if filmed else None
    return rules.effective_limit(
        cycle_limit=settings.cycle_limit,
        month_limit=settings.month_limit,
        first_filmed_on=first_filmed_on,
        extensions=list(
            case.extensions.order_by("granted_at", "pk").values_list("cycle_limit", "ends_on")
        ),
    )


def guiders_of_visible_cases(*, user) -> list[User]:
    """The guiders of the cases a user may see, by name, for the guider filter."""
    guider_ids = Case.objects.visible_to(user).values("guider_id")
    return list(User.objects.filter(pk__in=guider_ids).order_by("full_name", "pk"))


def case_list(*, user, every_case: bool = False) -> QuerySet[Case]:
    """The cases on My cases, with their progress annotations.

    A guider's own list: open cases, and closed ones whose footage has still to be deleted.
    With `every_case` (coordinators and supervisors, narrowed by CaseFilterSet): every
    visible case.
    """
    cases = with_progress(Case.objects.visible_to(user)).select_related(
        "referral", "guider", "co_worker"
    )
    if every_case:
        return cases
    footage_pending = Q(footage_deleted_on__isnull=True) & (
        Q(first_filmed_on__isnull=False) | ~Q(footage_location="")
    )
    return cases.filter(~Q(status=Case.Status.CLOSED) | footage_pending)


def case_for_page(*, user, pk: int) -> Case:
    """A case the user may open, with what the case layout shows; 404 otherwise."""
    queryset = Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    return get_object_or_404(queryset, pk=pk)


def case_for_overview(*, user, pk: int) -> Case:
    """A case the user may open with its progress set, in a constant number of queries."""
    queryset = with_progress(
        Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    )
    case = get_object_or_404(queryset, pk=pk)
    attach_progress([case])
    return case


def can_work_on(*, user, case: Case) -> bool:
    """Whether the user may change the case (its guider, co-worker or a coordinator)."""
    return Case.objects.worked_on_by(user).filter(pk=case.pk).exists()


def can_change(*, user, case: Case) -> bool:
    """Whether the user may add to the case now: it is still open and they may work on it."""
    return case.status != Case.Status.CLOSED and can_work_on(user=user, case=case)


def extensions_for(*, case: Case) -> list[CaseExtension]:
    """The extensions granted to a case, oldest first, with who granted them."""
    return list(case.extensions.select_related("granted_by").order_by("granted_at", "pk"))


def contacts_for(*, case: Case) -> list[Contact]:
    """The case's contacts in date order, with who recorded them."""
    return list(case.contacts.select_related("recorded_by").order_by("happened_on", "pk"))


def consents_for(*, case: Case) -> list[Consent]:
    """The case's consents: live ones first, then withdrawn, each by kind and date."""
    return sorted(
        case.consents.select_related("household_child").order_by("kind", "given_on", "pk"),
        key=lambda consent: consent.withdrawn_on is not None,
    )


def consent_children(*, case: Case) -> list[tuple[str, str]]:
    """The family's children who may give their own consent, as (key, name): the child
    referred (rules.FOCUS_CHILD), then the household's children by their id."""
    referral = case.referral
    focus = referral.child_first_name or "the child referred"
    return [(rules.FOCUS_CHILD, f"{focus} (the child referred)")] + [
        (str(child.pk), child.first_name)
        for child in referral.household_children.order_by("date_of_birth", "pk")
    ]


def questions_with_ratings(*, case: Case) -> list[HelpingQuestion]:
    """The case's helping questions, each with `points`: its ratings over time, in order."""
    questions = list(case.helping_questions.order_by("set_on", "pk"))
    cycle_facts().attach_rating_points(questions)
    return questions


def traject_plan(*, case: Case) -> list[TrajectHeading]:
    """The traject plan's headings in order, each with `current`: its latest revision or None."""
    revisions = TrajectRevision.objects.select_related("saved_by").order_by("-number")
    headings = list(
        case.traject_headings.order_by("position", "pk").prefetch_related(
            Prefetch("revisions", queryset=revisions)
        )
    )
    for heading in headings:
        heading.current = next(iter(heading.revisions.all()), None)
    return headings


def traject_heading(*, case: Case, pk: int) -> TrajectHeading:
    """One heading of the case's traject plan with `current` set; 404 if not this case's."""
    heading = get_object_or_404(case.traject_headings, pk=pk)
    heading.current = heading.revisions.select_related("saved_by").order_by("-number").first()
    return heading


def traject_revisions(*, heading: TrajectHeading) -> list[TrajectRevision]:
    """Every saved revision of a heading, newest first, with who saved it."""
    return list(heading.revisions.select_related("saved_by").order_by("-number"))


def timeline(*, case: Case) -> list[CaseEvent]:
    """The case's events, newest first, with who did each."""
    return list(case.events.select_related("actor").order_by("-occurred_at", "-pk"))


def waiting_request_for(*, case: Case) -> ExtensionRequest | None:
    """The case's extension request waiting for a manager, with who asked; None if none."""
    return (
        case.extension_requests.select_related("requested_by")
        .filter(status=ExtensionRequest.Status.WAITING)
        .first()
    )


def last_decided_request_for(*, case: Case) -> ExtensionRequest | None:
    """The case's most recently decided extension request, with who asked and who decided."""
    return (
        case.extension_requests.select_related("requested_by", "decided_by")
        .exclude(status=ExtensionRequest.Status.WAITING)
        .order_by("-decided_at", "-pk")
        .first()
    )


def is_near_limit(*, case: Case) -> bool:
    """Whether the case is open and at its limit or within 4 weeks of its end date."""
    return Case.objects.near_limit().filter(pk=case.pk).exists()


def near_limit_cases(*, user, guider_id: int | None = None) -> QuerySet[Case]:
    """The open cases at or near their limit that the user may see, soonest limit first."""
    waiting = ExtensionRequest.objects.filter(case=OuterRef("pk"), status="waiting")
    cases = (
        Case.objects.visible_to(user)
        .near_limit()
        .select_related("referral", "guider", "co_worker")
        .annotate(request_waiting=_has(waiting))
        .order_by(F("limit_ends_on").asc(nulls_first=True), "pk")
    )
    if guider_id is not None:
        cases = cases.filter(guider_id=guider_id)
    return cases


def waiting_extension_requests(*, user) -> QuerySet[ExtensionRequest]:
    """The extension requests waiting for a decision on cases the user may see, oldest first."""
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.WAITING, case__in=Case.objects.visible_to(user)
        )
        .select_related("case__referral", "case__guider", "requested_by")
        .order_by("requested_at", "pk")
    )


def home_figures_for_manager(user) -> list[HomeFigure]:
    """The counts on a manager's home page: cases at or near their limit, requests waiting."""
    return [
        HomeFigure(
            "Cases at or near their limit",
            Case.objects.visible_to(user).near_limit().count(),
            reverse("cases:near_limit"),
        ),
        HomeFigure(
            "Extension requests waiting",
            waiting_extension_requests(user=user).count(),
            reverse("cases:extension_requests"),
        ),
    ]

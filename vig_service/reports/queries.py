"""The reports' figures, every one computed by the database (aggregations, never row loops).

Each function returns the aggregated rows of one report; `layout` arranges them into tables.
A rule a report needs (the case limit, the first filming, course completion, a guider's
capacity) is the owning app's queryset method, never SQL written again here.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Now, TruncMonth

from cases.models import Case, CaseSettings, HelpingQuestion
from cases.querysets import guider_capacity
from cycles.models import Cycle, Rating
from referrals.models import Referral
from training.models import Course, CourseDay, Enrolment, Trainee
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.reports.aggregates import median, p90
from vig_service.reports.forms import DateRange

RECENT_CYCLE_DAYS = 30
IMPROVED_BY = 2
WAITING_BANDS = [
    ("Under 4 weeks", 0, 28),
    ("4 to 12 weeks", 28, 84),
    ("12 to 26 weeks", 84, 182),
    ("26 weeks or more", 182, None),
]
DELIVERED = [Course.Status.DELIVERED, Course.Status.CLOSED]


def _months_of(queryset, moment: str):
    """The queryset grouped by the calendar month (service time zone) of `moment`."""
    return queryset.annotate(month=TruncMonth(moment)).values("month").order_by()


def month_key(value) -> date:
    """A month as a date, whether the database gave a date or a moment."""
    return value.date() if isinstance(value, datetime) else value


def _month_counts(queryset, *, moment: str, key: str) -> dict[tuple[date, object], int]:
    grouped = _months_of(queryset, moment).values("month", key).annotate(n=Count("pk"))
    return {(month_key(row["month"]), row[key]): row["n"] for row in grouped}


def _totals_by(queryset, key: str) -> dict[object, int]:
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


def _interval(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


def _grouped_count(queryset, key: str) -> dict[object, int]:
    return dict(queryset.values(key).order_by().annotate(n=Count("pk")).values_list(key, "n"))


# Referrals -------------------------------------------------------------------------------


def received(date_range: DateRange):
    """Referrals submitted within the range."""
    return Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        submitted_at__gte=date_range.start_at, submitted_at__lt=date_range.end_before
    )


@dataclass(frozen=True)
class MonthCounts:
    """Counts by (month, category), with the totals per month, per category and overall."""

    counts: dict[tuple[date, object], int]
    month_totals: dict[date, int]
    column_totals: dict[object, int]
    total: int


def referral_counts(date_range: DateRange) -> dict:
    """By month × tier, route and profession; the decisions; and the reasons for declining."""
    referrals = received(date_range)
    decided = Q(status=Referral.Status.DECLINED) | Q(accepted_at__isnull=False)
    waiting = [Referral.Status.SUBMITTED, Referral.Status.MORE_INFO_REQUESTED]
    outcomes = referrals.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        declined=Count("pk", filter=Q(status=Referral.Status.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=Referral.Status.WITHDRAWN)),
        decided=Count("pk", filter=decided),
        undecided=Count("pk", filter=Q(status__in=waiting)),
    )
    reasons = (
        referrals.filter(status=Referral.Status.DECLINED)
        .values("decline_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "decline_reason")
        .values_list("decline_reason", "n")
    )
    month_totals = {
        month_key(month): n
        for month, n in _months_of(referrals, "submitted_at")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    by = {
        key: MonthCounts(
            counts=_month_counts(referrals, moment="submitted_at", key=key),
            month_totals=month_totals,
            column_totals=_totals_by(referrals, key),
            total=outcomes["total"],
        )
        for key in ("priority_tier", "route_in", "referrer__profession")
    }
    return {"outcomes": outcomes, "reasons": list(reasons), "by": by}


# Waiting times ---------------------------------------------------------------------------


def _waits(queryset, *, moment: str, wait) -> tuple[dict[date, dict], dict]:
    """Count, median and 90th percentile of `wait` by the month of `moment`, and overall."""
    measures = {"n": Count("pk"), "median": median(wait), "p90": p90(wait)}
    by_month = {
        month_key(row["month"]): row for row in _months_of(queryset, moment).annotate(**measures)
    }
    return by_month, queryset.aggregate(**measures)


def waiting_figures(date_range: DateRange, *, now: datetime) -> dict:
    """Submitted → decision, accepted → allocated, allocated → first filming; the waiting list."""
    start, end = date_range.start_at, date_range.end_before
    decisions = Referral.objects.filter(decided_at__gte=start, decided_at__lt=end)
    allocations = Case.objects.filter(
        created_at__gte=start, created_at__lt=end, referral__accepted_at__isnull=False
    )
    first_filmings = Case.objects.first_filmed_between(date_range.start, date_range.end)

    waiting = Referral.objects.filter(status=Referral.Status.ACCEPTED)
    days_waiting = _interval(Now() - F("accepted_at"))
    bands = waiting.aggregate(
        total=Count("pk"),
        median=median(days_waiting),
        longest=Max(days_waiting),
        **{
            f"band_{index}": Count(
                "pk",
                filter=Q(accepted_at__lte=now - timedelta(days=low))
                & (Q(accepted_at__gt=now - timedelta(days=high)) if high else Q()),
            )
            for index, (_, low, high) in enumerate(WAITING_BANDS)
        },
    )
    by_tier = {
        row["priority_tier"]: row
        for row in waiting.values("priority_tier")
        .annotate(n=Count("pk"), median=median(days_waiting), longest=Max(days_waiting))
        .order_by()
    }
    return {
        "decided": decisions.count(),
        "bands": bands,
        "by_tier": by_tier,
        "to_decision": _waits(
            decisions, moment="decided_at", wait=_interval(F("decided_at") - F("submitted_at"))
        ),
        "to_allocation": _waits(
            allocations,
            moment="created_at",
            wait=_interval(F("created_at") - F("referral__accepted_at")),
        ),
        "to_filming": _waits(
            first_filmings,
            moment="first_filmed_on",
            wait=_interval(F("first_filmed_on") - F("opened_on")),
        ),
    }


# Caseload --------------------------------------------------------------------------------


def caseload_counts(date_range: DateRange, *, today: date) -> dict:
    """Per guider: open cases, capacity, recent cycles, cases near their limit, movement.

    Four grouped queries (guiders; open cases; cases opened and closed; recent cycles),
    each counting per guider, and the cases' own "near the limit" rule.
    """
    settings = CaseSettings.load()
    by_guider = _grouped_count(Case.objects.open(), "guider_id")
    near = _grouped_count(Case.objects.near_limit(today=today, settings=settings), "guider_id")
    opened = Q(opened_on__gte=date_range.start, opened_on__lte=date_range.end)
    closed = Q(closed_on__gte=date_range.start, closed_on__lte=date_range.end)
    movement = (
        Case.objects.filter(opened | closed)
        .values("guider_id")
        .order_by()
        .annotate(opened=Count("pk", filter=opened), closed=Count("pk", filter=closed))
    )
    recent = Cycle.objects.filter(filmed_on__gt=today - timedelta(days=RECENT_CYCLE_DAYS))
    guiders = (
        User.objects.filter(
            Q(is_active=True, groups__name=Role.GUIDER) | Q(pk__in=list(by_guider))
        )
        .distinct()
        .annotate(capacity=guider_capacity(settings.default_capacity))
        .values_list("pk", "full_name", "capacity")
        .order_by("full_name", "pk")
    )
    return {
        "open": by_guider,
        "near": near,
        "movement": {row["guider_id"]: row for row in movement},
        "recent": _grouped_count(recent, "case__guider_id"),
        "guiders": list(guiders),
    }


# Intervention outcomes -------------------------------------------------------------------


def _question_changes(cases):
    """The cases' helping questions with `change`: the last rating after the baseline (at a
    shared review or closure) minus the baseline; None until there is a later rating.

    Each question looks up two ratings by index (see cycles' rating indexes), so the cost
    follows the questions in the range, not every rating ever given.
    """
    own = OuterRef("pk")
    # order_by() on the baseline: the model's default ordering would join the question.
    baseline = (
        Rating.objects.filter(question_id=own, kind=Rating.Kind.BASELINE)
        .order_by()
        .values("value")[:1]
    )
    last = (
        Rating.objects.filter(question_id=own)
        .exclude(kind=Rating.Kind.BASELINE)
        .order_by("-rated_on", "-pk")
        .values("value")[:1]
    )
    return HelpingQuestion.objects.filter(case__in=cases).annotate(
        change=ExpressionWrapper(Subquery(last) - Subquery(baseline), output_field=IntegerField())
    )


def _count_of(queryset, outer: str) -> Coalesce:
    """How many rows of `queryset` belong to the outer row, as a subquery (0 when none)."""
    grouped = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


def outcome_counts(date_range: DateRange) -> dict:
    """Closed cases: cycles per case, closure reasons, helping-question change and improvement."""
    closed = Case.objects.filter(
        status=Case.Status.CLOSED,
        closed_on__gte=date_range.start,
        closed_on__lte=date_range.end,
    )
    cycle_count = _count_of(Cycle.objects.filter(case=OuterRef("pk")), "case")
    with_cycles = closed.annotate(cycle_count=cycle_count)
    changes = _question_changes(closed.values("pk")).order_by()
    return {
        "cycles": with_cycles.aggregate(
            cases=Count("pk"), mean=Avg("cycle_count"), median=median("cycle_count")
        ),
        "cycle_distribution": dict(
            with_cycles.values("cycle_count")
            .annotate(n=Count("pk"))
            .values_list("cycle_count", "n")
        ),
        "reasons": dict(
            closed.values("closure_reason")
            .annotate(n=Count("pk"))
            .values_list("closure_reason", "n")
        ),
        "change": changes.aggregate(questions=Count("change"), mean=Avg("change")),
        "change_distribution": {
            change: n
            for change, n in changes.values("change")
            .annotate(n=Count("pk"))
            .values_list("change", "n")
            if change is not None
        },
        "improvement": (
            changes.values("case_id")
            .annotate(mean_change=Avg("change"))
            .aggregate(
                rated=Count("mean_change"),
                improved=Count("case_id", filter=Q(mean_change__gte=IMPROVED_BY)),
            )
        ),
    }


# Training --------------------------------------------------------------------------------


def course_figures(date_range: DateRange) -> dict:
    """Courses starting in the range (places, fill, completion), trainees by stage today, and
    the time from the initial course to accreditation for those accredited in the range.
    """
    first_day = CourseDay.objects.filter(course=OuterRef("pk")).order_by("date")
    per_course = OuterRef("pk")
    courses = (
        Course.objects.annotate(starts_on=Subquery(first_day.values("date")[:1]))
        .filter(starts_on__gte=date_range.start, starts_on__lte=date_range.end)
        .annotate(
            enrolled_count=_count_of(
                Enrolment.objects.enrolled().filter(course=per_course), "course"
            ),
            waiting_count=_count_of(
                Enrolment.objects.filter(status=Enrolment.Status.WAITING, course=per_course),
                "course",
            ),
            completed_count=_count_of(
                Enrolment.objects.completed().filter(course=per_course), "course"
            ),
        )
    )
    rows = courses.order_by("starts_on", "pk").values(
        "starts_on",
        "kind",
        "status",
        "capacity",
        "enrolled_count",
        "waiting_count",
        "completed_count",
    )
    totals = courses.aggregate(
        courses=Count("pk"),
        places=Sum("capacity"),
        enrolled=Sum("enrolled_count"),
        delivered_enrolled=Sum("enrolled_count", filter=Q(status__in=DELIVERED)),
        completed=Sum("completed_count", filter=Q(status__in=DELIVERED)),
    )
    stages = Trainee.objects.aggregate(
        **{
            f"stage_{stage}": Count("pk", filter=Q(status=Trainee.Status.IN_TRAINING, stage=stage))
            for stage in (1, 2, 3)
        },
        accredited=Count("pk", filter=Q(status=Trainee.Status.ACCREDITED)),
    )
    time_to_accreditation = _interval(F("accredited_on") - F("course__days__date"))
    accreditation = Trainee.objects.filter(
        status=Trainee.Status.ACCREDITED,
        accredited_on__gte=date_range.start,
        accredited_on__lte=date_range.end,
        course__days__number=1,
    ).aggregate(
        n=Count("pk"), median=median(time_to_accreditation), p90=p90(time_to_accreditation)
    )
    return {
        "courses": list(rows),
        "totals": totals,
        "stages": stages,
        "accreditation": accreditation,
    }

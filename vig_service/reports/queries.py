"""The reports' figures, every one computed by the database (aggregations, never row loops).

Each function returns the aggregated rows of one report; `layout` arranges them into tables.
A rule a report needs (the case limit, the first filming, course completion, a guider's
capacity) is the owning app's queryset method, never SQL written again here.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import (
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

from referrals.models import Referral
from training.models import Course, CourseDay, Enrolment, Trainee
from vig_service.reports.aggregates import median, p90
from vig_service.reports.forms import DateRange
from vig_service.reports.models import (
    ClosedCaseDay,
    DeclineDay,
    RatingChangeDay,
    ReferralDay,
    ReferralProfessionDay,
    ReferralRouteDay,
)
from vig_service.reports.summaries import read

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


@dataclass(frozen=True)
class MonthCounts:
    """Counts by (month, category), with the totals per month, per category and overall."""

    counts: dict[tuple[date, object], int]
    month_totals: dict[date, int]
    column_totals: dict[object, int]
    total: int


def referral_counts(date_range: DateRange) -> dict:
    """By month × tier, route and profession; the decisions; and the reasons for declining.

    Read from the per-day summaries (docs/architecture.md, "Report summaries").
    """
    days = read.in_range(ReferralDay, date_range)
    waiting = [Referral.Status.SUBMITTED, Referral.Status.MORE_INFO_REQUESTED]

    def total(condition=None):
        return Coalesce(Sum("n", filter=condition), 0)

    # Named apart from the summary's fields, which the filters name.
    counted = days.aggregate(
        all=total(),
        accepted_n=total(Q(accepted=True)),
        declined_n=total(Q(status=Referral.Status.DECLINED)),
        withdrawn_n=total(Q(status=Referral.Status.WITHDRAWN)),
        decided_n=total(Q(status=Referral.Status.DECLINED) | Q(accepted=True)),
        undecided_n=total(Q(status__in=waiting)),
    )
    outcomes = {"total": counted.pop("all")}
    outcomes.update({key.removesuffix("_n"): n for key, n in counted.items()})
    reasons = (
        read.in_range(DeclineDay, date_range)
        .values("decline_reason")
        .annotate(total=Sum("n"))
        .order_by("-total", "decline_reason")
        .values_list("decline_reason", "total")
    )
    month_totals = read.months(days)
    by = {
        name: MonthCounts(
            counts=read.month_counts(rows, key),
            month_totals=month_totals,
            column_totals=read.totals_by(rows, key),
            total=outcomes["total"],
        )
        for name, rows, key in (
            ("priority_tier", days, "priority_tier"),
            ("route_in", read.in_range(ReferralRouteDay, date_range), "route_in"),
            (
                "referrer__profession",
                read.in_range(ReferralProfessionDay, date_range),
                "profession",
            ),
        )
    }
    return {"outcomes": outcomes, "reasons": list(reasons), "by": by}


# Waiting times ---------------------------------------------------------------------------


def waiting_figures(date_range: DateRange, *, now: datetime) -> dict:
    """Submitted → decision, accepted → allocated, allocated → first filming; the waiting list."""
    to_decision = read.waits("decision", date_range)
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
        "decided": to_decision[1]["n"],
        "bands": bands,
        "by_tier": by_tier,
        # The waits' histograms per day (docs/architecture.md, "Report summaries").
        "to_decision": to_decision,
        "to_allocation": read.waits("allocation", date_range),
        "to_filming": read.waits("filming", date_range),
    }


# Intervention outcomes -------------------------------------------------------------------


def _count_of(queryset, outer: str) -> Coalesce:
    """How many rows of `queryset` belong to the outer row, as a subquery (0 when none)."""
    grouped = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


def percentile_cont(counts: dict[int, int], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont of whole numbers given as {value: how many}, exactly."""
    total = sum(counts.values())
    if not total:
        return None
    position = fraction * (total - 1)
    low, high = math.floor(position), math.ceil(position)
    values, seen = {}, 0
    for value in sorted(counts):
        for rank in (low, high):
            if seen <= rank < seen + counts[value]:
                values[rank] = float(value)
        seen += counts[value]
    if low == high:
        return values[low]
    return values[low] + ((position - low) * (values[high] - values[low]))


def _weighted_mean(table: str, column: str, date_range: DateRange) -> tuple[int, object]:
    """How many, and the mean of `column` weighted by the count, as Django's Avg gives it over
    the records: PostgreSQL's numeric quotient, as a float (None when there are none)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(sum(n), 0), sum({column} * n)::numeric / sum(n)::numeric "  # noqa: S608
            f"FROM {table} WHERE day >= %s AND day <= %s",
            [date_range.start, date_range.end],
        )
        count, mean = cursor.fetchone()
    return count, None if mean is None else float(mean)


def outcome_counts(date_range: DateRange) -> dict:
    """Closed cases: cycles per case, closure reasons, helping-question change and improvement.

    Read from the per-day summaries of the cases closed (docs/architecture.md).
    """
    closed = read.in_range(ClosedCaseDay, date_range)
    cases, mean_cycles = _weighted_mean("reports_closedcaseday", "cycle_count", date_range)
    distribution = read.totals_by(closed, "cycle_count")
    questions, mean_change = _weighted_mean("reports_ratingchangeday", "change", date_range)
    return {
        "cycles": {
            "cases": cases,
            "mean": mean_cycles,
            "median": percentile_cont(distribution, 0.5),
        },
        "cycle_distribution": distribution,
        "reasons": read.totals_by(closed, "closure_reason"),
        "change": {"questions": questions, "mean": mean_change},
        "change_distribution": read.totals_by(
            read.in_range(RatingChangeDay, date_range), "change"
        ),
        "improvement": closed.aggregate(
            rated=Coalesce(Sum("n", filter=Q(rated=True)), 0),
            improved=Coalesce(Sum("n", filter=Q(improved=True)), 0),
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

"""The summarised reports' figures computed afresh from the records: the queries the reports
ran before their summaries (docs/architecture.md, "Report summaries"), kept as the oracle."""

from datetime import date

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)

from cases.models import Case, HelpingQuestion
from cycles.models import Clip, Cycle, Rating
from referrals.models import Referral
from vig_service.reports.aggregates import median, p90
from vig_service.reports.forms import DateRange
from vig_service.reports.queries import (
    IMPROVED_BY,
    MonthCounts,
    _count_of,
    _interval,
    _month_counts,
    _months_of,
    _totals_by,
    month_key,
)

RISE = 2


def waits(date_range: DateRange) -> dict:
    """The three waits of the waiting-times report and filming to review, from the records."""
    start, end = date_range.start_at, date_range.end_before
    decisions = Referral.objects.filter(decided_at__gte=start, decided_at__lt=end)
    allocations = Case.objects.filter(
        created_at__gte=start, created_at__lt=end, referral__accepted_at__isnull=False
    )
    first_filmings = Case.objects.first_filmed_between(date_range.start, date_range.end)
    review = ExpressionWrapper(F("review__held_on") - F("filmed_on"), output_field=DurationField())
    reviewed = Cycle.objects.filter(
        review__held_on__gte=date_range.start, review__held_on__lte=date_range.end
    )
    return {
        "decided": decisions.count(),
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
        "review_wait": reviewed.aggregate(
            n=Count("pk"),
            median=median(review),
            p90=p90(review),
            late=Count("pk", filter=Q(review__held_on__gt=F("filmed_on") + 21)),
        ),
    }


def received(date_range: DateRange):
    """Referrals submitted within the range."""
    return Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        submitted_at__gte=date_range.start_at, submitted_at__lt=date_range.end_before
    )


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


def _waits(queryset, *, moment: str, wait) -> tuple[dict[date, dict], dict]:
    """Count, median and 90th percentile of `wait` by the month of `moment`, and overall."""
    measures = {"n": Count("pk"), "median": median(wait), "p90": p90(wait)}
    by_month = {
        month_key(row["month"]): {**row, "month": month_key(row["month"])}
        for row in _months_of(queryset, moment).annotate(**measures)
    }
    return by_month, queryset.aggregate(**measures)


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


def principle_counts(date_range) -> dict:
    """Steps with and without a rise, and per principle how many of each its cycle showed."""
    closed = Case.objects.filter(
        status=Case.Status.CLOSED,
        closed_on__gte=date_range.start,
        closed_on__lte=date_range.end,
    ).values("pk")
    ratings = (
        Rating.objects.filter(
            question__case__in=closed, kind__in=[Rating.Kind.BASELINE, Rating.Kind.REVIEW]
        )
        .values_list("question_id", "kind", "review__cycle_id", "review__cycle__number", "value")
        .order_by("question_id", "kind", "review__cycle__number")
    )
    by_question: dict[int, list] = {}
    for question_id, kind, cycle_id, number, value in ratings:
        by_question.setdefault(question_id, []).append((kind, cycle_id, number or 0, value))
    steps = []  # (cycle id, rose)
    for series in by_question.values():
        series.sort(key=lambda row: (row[0] != Rating.Kind.BASELINE, row[2]))
        for before, after in zip(series, series[1:], strict=False):
            steps.append((after[1], after[3] - before[3] >= RISE))
    shown: dict[int, set] = {}
    # Every clip of those cases in one query (never skipped when there are no steps, so the
    # page's query count is the same whatever the data).
    for cycle_id, principles in Clip.objects.filter(cycle__case__in=closed).values_list(
        "cycle_id", "principles"
    ):
        shown.setdefault(cycle_id, set()).update(principles)
    rises = sum(1 for _, rose in steps if rose)
    counts: dict[str, dict] = {}
    for cycle_id, rose in steps:
        for principle in shown.get(cycle_id, ()):
            entry = counts.setdefault(principle, {"rise": 0, "no_rise": 0})
            entry["rise" if rose else "no_rise"] += 1
    return {"rises": rises, "no_rises": len(steps) - rises, "principles": counts}

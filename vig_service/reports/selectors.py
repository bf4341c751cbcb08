"""The reports' figures, every one computed by the database (aggregations, never row loops).

Python only arranges the aggregated rows into tables: a month with no referrals still gets
its row, and categories come in the order the service uses them.
"""

from datetime import date, timedelta

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
    Value,
)
from django.db.models.functions import Coalesce, Now, TruncMonth
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseSettings, ClosureReason, HelpingQuestion
from cases.rules import LIMIT_WARNING_DAYS
from cycles.models import Cycle, Rating
from referrals.choices import RouteIn
from referrals.models import Referral
from training.models import Attendance, Course, CourseDay, CourseKind, Enrolment, Trainee
from vig_service.accounts.models import Profession, User
from vig_service.accounts.roles import Role
from vig_service.reports.aggregates import median, p90
from vig_service.reports.forms import DateRange
from vig_service.reports.tables import Figure, Report, Table

NOT_GIVEN = "Not given"
NEAR_LIMIT = f"Cases at or within {LIMIT_WARNING_DAYS // 7} weeks of their limit"
RECENT_CYCLE_DAYS = 30


def _month_label(month: date) -> str:
    return f"{month:%b %Y}"


def _months_of(queryset, moment: str):
    """The queryset grouped by the calendar month (service time zone) of `moment`."""
    return queryset.annotate(month=TruncMonth(moment)).values("month").order_by()


def _month_key(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _pivot(
    counts: dict[tuple[date, object], int],
    *,
    months: list[date],
    columns: list[tuple[object, str]],
    month_totals: dict[date, int],
    column_totals: dict[object, int],
    total: int,
) -> list[tuple[str, list[Figure]]]:
    """Rows of month × category counts, each with its total, then the totals row.

    Every number comes from the database (counts, and totals counted there too); this only
    puts each in its place, with a nought where the database had no such rows.
    """
    rows = [
        (
            _month_label(month),
            [Figure(counts.get((month, key), 0)) for key, _ in columns]
            + [Figure(month_totals.get(month, 0))],
        )
        for month in months
    ]
    rows.append(
        ("Total", [Figure(column_totals.get(key, 0)) for key, _ in columns] + [Figure(total)])
    )
    return rows


def _month_counts(queryset, *, moment: str, key: str) -> dict[tuple[date, object], int]:
    grouped = _months_of(queryset, moment).values("month", key).annotate(n=Count("pk"))
    return {(_month_key(row["month"]), row[key]): row["n"] for row in grouped}


def _totals_by(queryset, key: str) -> dict[object, int]:
    return dict(queryset.order_by().values_list(key).annotate(n=Count("pk")))


# Referrals -------------------------------------------------------------------------------


def received(date_range: DateRange):
    """Referrals submitted within the range."""
    return Referral.objects.exclude(status=Referral.Status.DRAFT).filter(
        submitted_at__gte=date_range.start_at, submitted_at__lt=date_range.end_before
    )


TIER_COLUMNS = [(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3"), (4, "Tier 4"), (None, "No tier")]


def referrals_report(date_range: DateRange) -> Report:
    """Referrals received by month × tier, × route in, × referrer profession; decisions."""
    referrals = received(date_range)
    months = date_range.months()

    by_tier = _month_counts(referrals, moment="submitted_at", key="priority_tier")
    by_route = _month_counts(referrals, moment="submitted_at", key="route_in")
    by_profession = _month_counts(referrals, moment="submitted_at", key="referrer__profession")
    route_columns = [*RouteIn.choices, ("", NOT_GIVEN)]
    # Professions seen in the range only: a column of noughts for every profession is noise.
    seen = {key for _, key in by_profession}
    profession_columns = [(k, label) for k, label in Profession.choices if k in seen]
    if "" in seen:
        profession_columns.append(("", NOT_GIVEN))

    decided = Q(status=Referral.Status.DECLINED) | Q(accepted_at__isnull=False)
    outcomes = referrals.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        declined=Count("pk", filter=Q(status=Referral.Status.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=Referral.Status.WITHDRAWN)),
        decided=Count("pk", filter=decided),
        undecided=Count(
            "pk",
            filter=Q(status__in=[Referral.Status.SUBMITTED, Referral.Status.MORE_INFO_REQUESTED]),
        ),
    )
    reasons = (
        referrals.filter(status=Referral.Status.DECLINED)
        .values("decline_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "decline_reason")
    )

    month_totals = {
        _month_key(month): n
        for month, n in _months_of(referrals, "submitted_at")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }

    def month_table(slug, caption, counts, columns, key):
        return Table(
            slug=slug,
            caption=caption,
            row_header="Month",
            columns=[label for _, label in columns] + ["Total"],
            rows=_pivot(
                counts,
                months=months,
                columns=columns,
                month_totals=month_totals,
                column_totals=_totals_by(referrals, key),
                total=outcomes["total"],
            ),
        )

    tier_table = month_table(
        "by-tier",
        "Referrals received by month and priority tier",
        by_tier,
        TIER_COLUMNS,
        "priority_tier",
    )
    monthly = Table(
        slug="by-month",
        caption="Referrals received each month",
        row_header="Month",
        columns=["Referrals"],
        rows=[(label, [figures[-1]]) for label, figures in tier_table.rows[:-1]],
        chart_column=0,
    )
    decided_count = outcomes["decided"]
    return Report(
        slug="referrals",
        title="Referrals",
        summary=[
            ("Referrals received", Figure(outcomes["total"])),
            ("Accepted", Figure(outcomes["accepted"])),
            ("Declined", Figure(outcomes["declined"])),
            ("Withdrawn", Figure(outcomes["withdrawn"])),
            ("Waiting for a decision", Figure(outcomes["undecided"])),
            (
                "Acceptance rate (of those decided)",
                Figure.percent(outcomes["accepted"], decided_count),
            ),
            (
                "Decline rate (of those decided)",
                Figure.percent(outcomes["declined"], decided_count),
            ),
        ],
        tables=[
            monthly,
            tier_table,
            month_table(
                "by-route",
                "Referrals received by month and route in",
                by_route,
                route_columns,
                "route_in",
            ),
            month_table(
                "by-profession",
                "Referrals received by month and referrer's profession",
                by_profession,
                profession_columns,
                "referrer__profession",
            ),
            Table(
                slug="decline-reasons",
                caption="Reasons for declining",
                row_header="Reason",
                columns=["Referrals", "Share of declined"],
                rows=[
                    (
                        row["decline_reason"] or NOT_GIVEN,
                        [Figure(row["n"]), Figure.percent(row["n"], outcomes["declined"])],
                    )
                    for row in reasons
                ],
                chart_column=0,
            ),
        ],
    )


# Waiting times ---------------------------------------------------------------------------


def _wait_table(slug, caption, queryset, *, moment: str, wait, months: list[date]) -> Table:
    """Median and 90th percentile of `wait` by the month of `moment`, and over the range."""
    measures = {"n": Count("pk"), "median": median(wait), "p90": p90(wait)}
    by_month = {
        _month_key(row["month"]): row for row in _months_of(queryset, moment).annotate(**measures)
    }
    overall = queryset.aggregate(**measures)

    def figures(row):
        if not row:
            return [
                Figure(0),
                Figure(None, kind="days", base=0),
                Figure(None, kind="days", base=0),
            ]
        return [
            Figure(row["n"]),
            Figure.days(row["median"], base=row["n"]),
            Figure.days(row["p90"], base=row["n"]),
        ]

    rows = [(_month_label(month), figures(by_month.get(month))) for month in months]
    rows.append(("Whole range", figures(overall)))
    return Table(
        slug=slug,
        caption=caption,
        row_header="Month",
        columns=["Referrals", "Median days", "90th percentile days"],
        rows=rows,
        chart_column=1,
    )


def _interval(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


WAITING_BANDS = [
    ("Under 4 weeks", 0, 28),
    ("4 to 12 weeks", 28, 84),
    ("12 to 26 weeks", 84, 182),
    ("26 weeks or more", 182, None),
]


def waiting_times_report(date_range: DateRange, *, now=None) -> Report:
    """Submitted → decision, accepted → allocated, allocated → first filming; the waiting list."""
    now = now or timezone.now()
    months = date_range.months()
    start, end = date_range.start_at, date_range.end_before
    decisions = Referral.objects.filter(decided_at__gte=start, decided_at__lt=end)
    allocations = Case.objects.filter(
        created_at__gte=start, created_at__lt=end, referral__accepted_at__isnull=False
    )
    # The first filming is cycle 1's: cycles are numbered in the order they are filmed.
    first_filmings = Cycle.objects.filter(
        number=1, filmed_on__gte=date_range.start, filmed_on__lte=date_range.end
    )

    waiting = Referral.objects.filter(status=Referral.Status.ACCEPTED)
    days_waiting = _interval(Now() - F("accepted_at"))
    band_counts = {
        label: Count(
            "pk",
            filter=Q(accepted_at__lte=now - timedelta(days=low))
            & (Q(accepted_at__gt=now - timedelta(days=high)) if high else Q()),
        )
        for label, low, high in WAITING_BANDS
    }
    band_names = {label: f"band_{index}" for index, (label, _, _) in enumerate(WAITING_BANDS)}
    bands = waiting.aggregate(
        total=Count("pk"),
        median=median(days_waiting),
        longest=Max(days_waiting),
        **{band_names[label]: count for label, count in band_counts.items()},
    )
    by_tier = {
        row["priority_tier"]: row
        for row in waiting.values("priority_tier")
        .annotate(n=Count("pk"), median=median(days_waiting), longest=Max(days_waiting))
        .order_by()
    }

    def tier_figures(row):
        if not row:
            return [
                Figure(0),
                Figure(None, kind="days", base=0),
                Figure(None, kind="days", base=0),
            ]
        return [
            Figure(row["n"]),
            Figure.days(row["median"], base=row["n"]),
            Figure.days(row["longest"], base=row["n"]),
        ]

    return Report(
        slug="waiting-times",
        title="Waiting times",
        summary=[
            ("Referrals decided", Figure(decisions.count())),
            ("Families waiting for a guider today", Figure(bands["total"])),
            (
                "Median days waiting today",
                Figure.days(bands["median"], base=bands["total"]),
            ),
            ("Longest wait today (days)", Figure.days(bands["longest"], base=bands["total"])),
        ],
        tables=[
            _wait_table(
                "submitted-to-decision",
                "Days from submission to decision, by month decided",
                decisions,
                moment="decided_at",
                wait=_interval(F("decided_at") - F("submitted_at")),
                months=months,
            ),
            _wait_table(
                "accepted-to-allocated",
                "Days from acceptance to allocation, by month allocated",
                allocations,
                moment="created_at",
                wait=_interval(F("created_at") - F("referral__accepted_at")),
                months=months,
            ),
            _wait_table(
                "allocated-to-filming",
                "Days from allocation to first filming, by month filmed",
                first_filmings,
                moment="filmed_on",
                wait=_interval(F("filmed_on") - F("case__opened_on")),
                months=months,
            ),
            Table(
                slug="waiting-list",
                caption="Today's waiting list by priority tier",
                row_header="Priority tier",
                columns=["Families waiting", "Median days waiting", "Longest wait (days)"],
                rows=[
                    (label, tier_figures(by_tier.get(tier)))
                    for tier, label in TIER_COLUMNS
                    if tier is not None or None in by_tier
                ],
                chart_column=0,
            ),
            Table(
                slug="waiting-bands",
                caption="Today's waiting list by time waiting",
                row_header="Time waiting",
                columns=["Families waiting"],
                rows=[
                    (label, [Figure(bands[band_names[label]])]) for label, _, _ in WAITING_BANDS
                ],
                chart_column=0,
            ),
        ],
    )


# Caseload --------------------------------------------------------------------------------


def caseload_report(date_range: DateRange, *, today: date | None = None) -> Report:
    """Each guider's open cases against capacity, recent cycles, and cases near their limit.

    Four grouped queries (guiders; open cases; cases opened and closed; recent cycles),
    each counting per guider, put side by side here by guider.
    """
    today = today or timezone.localdate()
    settings = CaseSettings.load()
    open_cases = Case.objects.open().values("guider_id").order_by().annotate(open=Count("pk"))
    by_guider = {row["guider_id"]: row for row in open_cases}
    # The cases' own definition of "at or near the limit", which the managers' list shows too.
    near = dict(
        Case.objects.near_limit(today=today, settings=settings)
        .values("guider_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("guider_id", "n")
    )
    movement = (
        Case.objects.filter(
            Q(opened_on__gte=date_range.start, opened_on__lte=date_range.end)
            | Q(closed_on__gte=date_range.start, closed_on__lte=date_range.end)
        )
        .values("guider_id")
        .order_by()
        .annotate(
            opened=Count(
                "pk", filter=Q(opened_on__gte=date_range.start, opened_on__lte=date_range.end)
            ),
            closed=Count(
                "pk", filter=Q(closed_on__gte=date_range.start, closed_on__lte=date_range.end)
            ),
        )
    )
    in_range = {row["guider_id"]: row for row in movement}
    recent = dict(
        Cycle.objects.filter(filmed_on__gt=today - timedelta(days=RECENT_CYCLE_DAYS))
        .values("case__guider_id")
        .order_by()
        .annotate(n=Count("pk"))
        .values_list("case__guider_id", "n")
    )
    guiders = (
        User.objects.filter(
            Q(is_active=True, groups__name=Role.GUIDER) | Q(pk__in=list(by_guider))
        )
        .distinct()
        .annotate(capacity=Coalesce("guider_capacity__capacity", Value(settings.default_capacity)))
        .values_list("pk", "full_name", "capacity")
        .order_by("full_name", "pk")
    )
    empty = {"open": 0, "opened": 0, "closed": 0}
    near_list = reverse("cases:near_limit")
    rows = []
    for pk, name, capacity in guiders:
        counts = {**empty, **by_guider.get(pk, {}), **in_range.get(pk, {})}
        rows.append(
            (
                name,
                [
                    Figure(counts["open"]),
                    Figure(capacity, kind="number"),
                    Figure.percent(counts["open"], capacity),
                    Figure(recent.get(pk, 0)),
                    Figure(near.get(pk, 0), url=f"{near_list}?guider={pk}"),
                    Figure(counts["opened"]),
                    Figure(counts["closed"]),
                ],
            )
        )
    open_total = sum(row["open"] for row in by_guider.values())
    return Report(
        slug="caseload",
        title="Caseload per guider",
        summary=[
            ("Open cases", Figure(open_total)),
            (NEAR_LIMIT, Figure(sum(near.values()), url=near_list)),
        ],
        tables=[
            Table(
                slug="guiders",
                caption="Caseload per guider",
                row_header="Guider",
                columns=[
                    "Open cases",
                    "Capacity",
                    "Capacity used",
                    f"Cycles filmed in the last {RECENT_CYCLE_DAYS} days",
                    NEAR_LIMIT,
                    "Cases opened in the range",
                    "Cases closed in the range",
                ],
                rows=rows,
                chart_column=2,
                note=(
                    "Open cases and limits are as they stand today; cases opened and closed "
                    "are counted within the chosen dates."
                ),
            )
        ],
    )


# Intervention outcomes -------------------------------------------------------------------


IMPROVED_BY = 2


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


def outcomes_report(date_range: DateRange) -> Report:
    """Closed cases: cycles per case, closure reasons, helping-question change and improvement."""
    closed = Case.objects.filter(
        status=Case.Status.CLOSED,
        closed_on__gte=date_range.start,
        closed_on__lte=date_range.end,
    )
    cycle_count = Coalesce(
        Subquery(
            Cycle.objects.filter(case=OuterRef("pk"))
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    with_cycles = closed.annotate(cycle_count=cycle_count)
    cycles_overall = with_cycles.aggregate(
        cases=Count("pk"), mean=Avg("cycle_count"), median=median("cycle_count")
    )
    cycle_distribution = dict(
        with_cycles.values("cycle_count").annotate(n=Count("pk")).values_list("cycle_count", "n")
    )
    reasons = dict(
        closed.values("closure_reason").annotate(n=Count("pk")).values_list("closure_reason", "n")
    )

    changes = _question_changes(closed.values("pk")).order_by()
    change_overall = changes.aggregate(questions=Count("change"), mean=Avg("change"))
    change_distribution = {
        change: n
        for change, n in changes.values("change")
        .annotate(n=Count("pk"))
        .values_list("change", "n")
        if change is not None
    }
    improvement = (
        changes.values("case_id")
        .annotate(mean_change=Avg("change"))
        .aggregate(
            rated=Count("mean_change"),
            improved=Count("case_id", filter=Q(mean_change__gte=IMPROVED_BY)),
        )
    )
    cases = cycles_overall["cases"]
    most_cycles = max(cycle_distribution, default=0)
    return Report(
        slug="outcomes",
        title="Intervention outcomes",
        summary=[
            ("Cases closed", Figure(cases)),
            ("Mean cycles per closed case", Figure.number(cycles_overall["mean"], base=cases)),
            (
                "Median cycles per closed case",
                Figure.number(cycles_overall["median"], base=cases),
            ),
            ("Helping questions rated at baseline and later", Figure(change_overall["questions"])),
            (
                "Mean change in helping-question rating (points out of 10)",
                Figure.number(change_overall["mean"], base=change_overall["questions"]),
            ),
            (f"Cases improved by {IMPROVED_BY} points or more", Figure(improvement["improved"])),
            (
                f"Share of rated cases improved by {IMPROVED_BY} points or more",
                Figure.percent(improvement["improved"], improvement["rated"]),
            ),
        ],
        tables=[
            Table(
                slug="cycles-per-case",
                caption="Cycles per closed case",
                row_header="Cycles",
                columns=["Cases"],
                rows=[
                    (str(n), [Figure(cycle_distribution.get(n, 0))])
                    for n in range(0, most_cycles + 1)
                ],
                chart_column=0,
            ),
            Table(
                slug="closure-reasons",
                caption="Why cases closed",
                row_header="Reason",
                columns=["Cases", "Share of closed"],
                rows=[
                    (
                        label,
                        [Figure(reasons.get(key, 0)), Figure.percent(reasons.get(key, 0), cases)],
                    )
                    for key, label in ClosureReason.choices
                ],
                chart_column=0,
            ),
            Table(
                slug="rating-change",
                caption="Change in helping-question rating from baseline to last rating",
                row_header="Change (points)",
                columns=["Helping questions"],
                rows=[
                    (
                        f"{change:+d}" if change else "0",
                        [Figure(change_distribution.get(change, 0))],
                    )
                    for change in range(
                        min(change_distribution, default=0),
                        max(change_distribution, default=0) + 1,
                    )
                ],
                chart_column=0,
                note=(
                    "A case's change is the mean over its helping questions of the last rating "
                    "(at a shared review or closure) minus the baseline."
                ),
            ),
        ],
    )


# Training --------------------------------------------------------------------------------


def _count_per_course(queryset) -> Coalesce:
    """A count of `queryset` rows for the outer course, as a subquery."""
    grouped = queryset.filter(course=OuterRef("pk")).order_by().values("course")
    return Coalesce(
        Subquery(grouped.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        0,
    )


def training_report(date_range: DateRange, *, today: date | None = None) -> Report:
    """Courses starting in the range (places, fill, completion), trainees by stage today, and
    the time from the initial course to accreditation for those accredited in the range.

    A participant completes a course by attending, or making up, every one of its days.
    """
    today = today or timezone.localdate()
    first_day = CourseDay.objects.filter(course=OuterRef("pk")).order_by("date")
    enrolled = Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
    days_done = (
        Attendance.objects.filter(enrolment=OuterRef("pk"))
        .filter(Q(attended=True) | Q(made_up_on__isnull=False))
        .order_by()
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    course_days = (
        CourseDay.objects.filter(course=OuterRef("course"))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    completed = enrolled.annotate(
        done=Coalesce(Subquery(days_done, output_field=IntegerField()), 0),
        days=Coalesce(Subquery(course_days, output_field=IntegerField()), 0),
    ).filter(days__gt=0, done__gte=F("days"))
    courses = (
        Course.objects.annotate(starts_on=Subquery(first_day.values("date")[:1]))
        .filter(starts_on__gte=date_range.start, starts_on__lte=date_range.end)
        .annotate(
            enrolled_count=_count_per_course(enrolled),
            waiting_count=_count_per_course(
                Enrolment.objects.filter(status=Enrolment.Status.WAITING)
            ),
            completed_count=_count_per_course(completed),
        )
    )
    delivered = [Course.Status.DELIVERED, Course.Status.CLOSED]
    rows = [
        (
            f"{course['starts_on']:%-d %b %Y}, {CourseKind(course['kind']).label}",
            [
                Figure(course["capacity"], kind="number"),
                Figure(course["enrolled_count"]),
                Figure.percent(course["enrolled_count"], course["capacity"]),
                Figure(course["waiting_count"]),
                Figure(course["completed_count"] if course["status"] in delivered else None),
                Figure.percent(course["completed_count"], course["enrolled_count"])
                if course["status"] in delivered
                else Figure(None, kind="percent"),
            ],
        )
        for course in courses.order_by("starts_on", "pk").values(
            "starts_on",
            "kind",
            "status",
            "capacity",
            "enrolled_count",
            "waiting_count",
            "completed_count",
        )
    ]
    totals = courses.aggregate(
        courses=Count("pk"),
        places=Sum("capacity"),
        enrolled=Sum("enrolled_count"),
        delivered_enrolled=Sum("enrolled_count", filter=Q(status__in=delivered)),
        completed=Sum("completed_count", filter=Q(status__in=delivered)),
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
    places, enrolled_total = totals["places"] or 0, totals["enrolled"] or 0
    return Report(
        slug="training",
        title="Training",
        summary=[
            ("Courses starting in these dates", Figure(totals["courses"])),
            ("Places", Figure(places)),
            ("Participants with a place", Figure(enrolled_total)),
            ("Fill rate", Figure.percent(enrolled_total, places)),
            ("Completed the course (delivered courses)", Figure(totals["completed"] or 0)),
            (
                "Completion rate (delivered courses)",
                Figure.percent(totals["completed"] or 0, totals["delivered_enrolled"] or 0),
            ),
            ("Accredited in these dates", Figure(accreditation["n"])),
            (
                "Median days from the initial course to accreditation",
                Figure.days(accreditation["median"], base=accreditation["n"]),
            ),
        ],
        tables=[
            Table(
                slug="courses",
                caption="Courses starting in these dates",
                row_header="Course",
                columns=[
                    "Places",
                    "With a place",
                    "Fill rate",
                    "Waiting list",
                    "Completed",
                    "Completion rate",
                ],
                rows=rows,
                chart_column=2,
                note="Completion is counted once a course has been delivered: a participant "
                "completes it by attending, or making up, every day.",
            ),
            Table(
                slug="trainees-by-stage",
                caption="Trainees by stage today",
                row_header="Stage",
                columns=["Trainees"],
                rows=[
                    *((f"Stage {n}", [Figure(stages[f"stage_{n}"])]) for n in (1, 2, 3)),
                    ("Accredited", [Figure(stages["accredited"])]),
                ],
                chart_column=0,
            ),
            Table(
                slug="time-to-accreditation",
                caption="Days from the first day of the initial course to accreditation",
                row_header="Trainees",
                columns=["Trainees", "Median days", "90th percentile days"],
                rows=[
                    (
                        "Accredited in these dates",
                        [
                            Figure(accreditation["n"]),
                            Figure.days(accreditation["median"], base=accreditation["n"]),
                            Figure.days(accreditation["p90"], base=accreditation["n"]),
                        ],
                    )
                ],
            ),
        ],
    )

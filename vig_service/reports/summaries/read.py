"""Reading the report summaries for a range of days: counts by month and category, and exact
medians and 90th percentiles from the histograms of waits."""

from datetime import date, datetime

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from vig_service.reports.forms import DateRange
from vig_service.reports.summary_models import whole_days

# PostgreSQL's percentile_cont, from cumulative counts: the values at ranks floor and ceil of
# fraction × (count − 1), and between them (hi − lo) × proportion + lo, as its interval_lerp.
# The coarse histogram (whole days of wait, `c`) says which whole day holds each rank and the
# rank within it (`s`); only the exact waits of those whole days are read (`e`). Reading every
# exact wait of a year took 0.4 s a measure at a million (docs/architecture.md, "Report
# summaries"). Groups are months and the whole range ('infinity'); `first` and `last` bound a
# group's days, so its exact waits are one range of the index.
PERCENTILES = """
WITH h AS (
    SELECT COALESCE({month}, 'infinity') AS g, wait_days AS w, sum(n) AS n,
        min(day) AS first, max(day) AS last
    FROM reports_coarsewaitday
    WHERE measure = %(measure)s AND day >= %(start)s AND day <= %(end)s GROUP BY {sets}
), t AS (
    SELECT g, sum(n) AS n, COALESCE(sum(n) FILTER (WHERE w IS NOT NULL), 0) AS m,
        COALESCE(sum(n) FILTER (WHERE w > {late_days}), 0) AS late,
        min(first) AS first, max(last) AS last
    FROM h GROUP BY g
), c AS (
    SELECT g, w, n, sum(n) OVER (PARTITION BY g ORDER BY w) AS upto FROM h WHERE w IS NOT NULL
), k AS (
    SELECT t.g, t.first, t.last, f.name, f.position, r.rank
    FROM t CROSS JOIN LATERAL (VALUES ('median', 0.5 * (t.m - 1)::float8),
        ('p90', 0.9 * (t.m - 1)::float8)) f(name, position)
    CROSS JOIN LATERAL (VALUES (floor(f.position)), (ceil(f.position))) r(rank)
    WHERE t.m > 0
), s AS (
    SELECT DISTINCT ON (k.g, k.name, k.rank) k.*, c.w, k.rank - (c.upto - c.n) AS within
    FROM k JOIN c ON c.g = k.g AND c.upto > k.rank ORDER BY k.g, k.name, k.rank, c.w
), e AS (
    SELECT d.g, d.w, x.wait, x.n,
        sum(x.n) OVER (PARTITION BY d.g, d.w ORDER BY x.wait ROWS UNBOUNDED PRECEDING) AS upto
    FROM (SELECT DISTINCT g, first, last, w FROM s) d JOIN reports_waitday x
        ON x.measure = %(measure)s AND x.wait_days = d.w AND x.day >= d.first
        AND x.day <= d.last
), v AS (
    SELECT s.g, s.name, s.position,
        min(e.wait) FILTER (WHERE s.rank = floor(s.position)) AS lo,
        min(e.wait) FILTER (WHERE s.rank = ceil(s.position)) AS hi
    FROM s JOIN e ON e.g = s.g AND e.w = s.w AND e.upto > s.within
        AND e.upto - e.n <= s.within
    GROUP BY s.g, s.name, s.position
)
SELECT NULLIF(t.g, 'infinity'), t.n,
    t.late + (SELECT COALESCE(sum(x.n), 0) FROM reports_waitday x
        WHERE x.measure = %(measure)s AND x.wait_days = {late_days} AND x.day >= t.first
        AND x.day <= t.last AND x.wait > %(late)s::interval),
    v.name, CASE WHEN floor(v.position) = ceil(v.position) THEN v.lo
        ELSE (v.hi - v.lo) * (v.position - floor(v.position)) + v.lo END
FROM t LEFT JOIN v ON v.g = t.g
"""
MONTH = "date_trunc('month', day)::date"
BY_MONTH = {"month": MONTH, "sets": f"GROUPING SETS (({MONTH}, wait_days), (wait_days))"}
OVERALL = {"month": "NULL::date", "sets": "wait_days"}


def month_key(value) -> date:
    """A month as a date, whether the database gave a date or a moment."""
    return value.date() if isinstance(value, datetime) else value


def in_range(model, date_range: DateRange):
    """The summary's rows for the days of the range."""
    return model.objects.filter(day__gte=date_range.start, day__lte=date_range.end)


def month_counts(rows, key: str) -> dict[tuple[date, object], int]:
    """Counts by (month, `key`)."""
    grouped = rows.annotate(month=TruncMonth("day")).values("month", key).order_by()
    return {
        (month_key(row["month"]), row[key]): row["total"]
        for row in grouped.annotate(total=Sum("n"))
    }


def months(rows) -> dict[date, int]:
    """Counts by month."""
    grouped = rows.annotate(month=TruncMonth("day")).values("month").order_by()
    return {month_key(row["month"]): row["total"] for row in grouped.annotate(total=Sum("n"))}


def totals_by(rows, key: str) -> dict[object, int]:
    """Counts by `key`."""
    return dict(rows.order_by().values_list(key).annotate(total=Sum("n")))


def _percentiles(measure: str, date_range: DateRange, *, by_month: bool, late_after=None):
    """The measure's figures by month (when asked) and over the range (key None)."""
    groups = BY_MONTH if by_month else OVERALL
    query = PERCENTILES.format(late_days=whole_days("%(late)s::interval"), **groups)
    with connection.cursor() as cursor:
        cursor.execute(
            query,
            {
                "measure": measure,
                "start": date_range.start,
                "end": date_range.end,
                "late": late_after,
            },
        )
        found: dict = {}
        for g, n, late, name, value in cursor.fetchall():
            row = found.setdefault(g, {"n": int(n)})
            if late_after is not None:
                row["late"] = int(late)
            row.setdefault("median", None)
            row.setdefault("p90", None)
            if name:
                row[name] = value
    return found


def _empty(late_after) -> dict:
    empty = {"n": 0, "median": None, "p90": None}
    if late_after is not None:
        empty["late"] = 0
    return empty


def waits_overall(measure: str, date_range: DateRange, *, late_after=None) -> dict:
    """Count, median and 90th percentile of the measure's waits over the range, and how many
    waited longer than `late_after`."""
    found = _percentiles(measure, date_range, by_month=False, late_after=late_after)
    return found.get(None, _empty(late_after))


def waits(measure: str, date_range: DateRange) -> tuple[dict[date, dict], dict]:
    """Count, median and 90th percentile of the measure's waits by month, and over the range,
    exactly as the records would give them."""
    found = _percentiles(measure, date_range, by_month=True)
    overall = found.pop(None, _empty(None))
    for month, row in found.items():
        row["month"] = month
    return found, overall

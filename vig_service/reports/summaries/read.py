"""Reading the report summaries for a range of days: counts by month and category, and exact
medians and 90th percentiles from the histograms of waits."""

from datetime import date, datetime

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncMonth

from vig_service.reports.forms import DateRange

FRACTIONS = {"median": 0.5, "p90": 0.9}
# PostgreSQL's percentile_cont, from cumulative counts: the values at ranks floor and ceil of
# fraction × (count − 1), and between them (hi − lo) × proportion + lo, as its interval_lerp.
# Both ranks of both fractions are found in one pass over the histogram (`b`): a subquery per
# rank scanned it again for every group, 2 s a page at a million (docs/architecture.md,
# "Report summaries").
PERCENTILES = """
WITH h AS (
    SELECT {group} AS g, wait, sum(n) AS n FROM reports_waitday
    WHERE measure = %s AND day >= %s AND day <= %s GROUP BY 1, 2
), t AS (
    SELECT g, sum(n) AS n, COALESCE(sum(n) FILTER (WHERE wait IS NOT NULL), 0) AS m,
        COALESCE(sum(n) FILTER (WHERE wait > %s), 0) AS late
    FROM h GROUP BY g
), r AS (
    SELECT g, 0.5 * (m - 1)::float8 AS pm, 0.9 * (m - 1)::float8 AS pp FROM t WHERE m > 0
), c AS (
    SELECT g, wait, sum(n) OVER (PARTITION BY g ORDER BY wait) AS upto
    FROM h WHERE wait IS NOT NULL
), b AS (
    SELECT r.g, r.pm, r.pp,
        min(c.wait) FILTER (WHERE c.upto > floor(r.pm)) AS m_lo,
        min(c.wait) FILTER (WHERE c.upto > ceil(r.pm)) AS m_hi,
        min(c.wait) FILTER (WHERE c.upto > floor(r.pp)) AS p_lo,
        min(c.wait) FILTER (WHERE c.upto > ceil(r.pp)) AS p_hi
    FROM c JOIN r ON r.g = c.g GROUP BY r.g, r.pm, r.pp
), v AS (
    SELECT b.g, x.name, x.position - floor(x.position) AS proportion,
        floor(x.position) = ceil(x.position) AS exact, x.lo, x.hi
    FROM b CROSS JOIN LATERAL (VALUES ('median', b.pm, b.m_lo, b.m_hi),
        ('p90', b.pp, b.p_lo, b.p_hi)) x(name, position, lo, hi)
)
SELECT t.g, t.n, t.late, v.name,
    CASE WHEN v.exact THEN v.lo ELSE (v.hi - v.lo) * v.proportion + v.lo END
FROM t LEFT JOIN v ON v.g = t.g
"""


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


def _percentiles(measure: str, date_range: DateRange, *, group: str, late_after=None):
    with connection.cursor() as cursor:
        cursor.execute(
            PERCENTILES.format(group=group),
            [measure, date_range.start, date_range.end, late_after],
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


def waits_by_month(measure: str, date_range: DateRange) -> dict[date, dict]:
    """Count, median and 90th percentile of the measure's waits by month, exactly as the
    records would give them."""
    found = _percentiles(measure, date_range, group="date_trunc('month', day)::date")
    for month, row in found.items():
        row["month"] = month
    return found


def waits_overall(measure: str, date_range: DateRange, *, late_after=None) -> dict:
    """Count, median and 90th percentile of the measure's waits over the range, and how many
    waited longer than `late_after`."""
    found = _percentiles(measure, date_range, group="true", late_after=late_after)
    empty = {"n": 0, "median": None, "p90": None}
    if late_after is not None:
        empty["late"] = 0
    return found.get(True, empty)


def waits(measure: str, date_range: DateRange) -> tuple[dict[date, dict], dict]:
    """The measure's waits by month, and over the range."""
    return waits_by_month(measure, date_range), waits_overall(measure, date_range)

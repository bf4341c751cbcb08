"""How long families wait from referral to allocation, month by month."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connections, router
from django.utils import timezone

from cases.models import AllocationWait

# A month's median as PostgreSQL's percentile_cont gives it (the waits at positions floor and
# ceil of (n − 1) / 2, and halfway between them, as its interval_lerp), read as one or two
# rows of the index by month and wait (migration cases 0018), the month's count n kept by a
# trigger (AllocationMonth, migration cases 0019; counted afresh for a month of another time
# zone): sorting a month of waits for percentile_cont took 3.3 ms for two months at a million
# referrals, counting them in the index then reading the middle 1.3. A month whose kept
# `changes` are those of the median read last time is not read again (`fresh` false): the
# query then reads two rows (docs/architecture.md, "The limit facts").
_MEDIANS = """
SELECT t.name, m.changes, m.changes IS NULL OR m.changes <> t.known AS fresh,
CASE WHEN m.changes IS NULL OR m.changes <> t.known THEN (
    SELECT min(x.waited) + (max(x.waited) - min(x.waited)) * 0.5 FROM (
        SELECT w.waited FROM cases_allocationwait w
        WHERE date_trunc('month', w.allocated_at, %(zone)s) = t.month AND w.waited IS NOT NULL
        ORDER BY w.waited OFFSET (c.n - 1) / 2 LIMIT 2 - c.n %% 2
    ) x
) END
FROM unnest(%(names)s::text[], %(months)s::timestamptz[], %(known)s::bigint[])
    AS t(name, month, known)
LEFT JOIN cases_allocationmonth m ON m.zone = %(zone)s AND m.month = t.month
CROSS JOIN LATERAL (
    SELECT COALESCE(
        m.waits,
        (
            SELECT count(*) FROM cases_allocationwait w
            WHERE date_trunc('month', w.allocated_at, %(zone)s) = t.month
              AND w.waited IS NOT NULL
        )
    ) AS n
) c
"""

# {(database alias, zone, month's start): (its kept changes, its median)}, as last read.
_READ: dict[tuple, tuple[int, timedelta | None]] = {}


def _month_start(month: date) -> datetime:
    """Midnight on the month's first day, in the service's time zone."""
    return timezone.make_aware(datetime.combine(month.replace(day=1), time.min))


def median_waits_to_allocation(months: dict[str, date]) -> dict[str, timedelta | None]:
    """The median wait from submission to allocation of the cases allocated in each named
    calendar month (any day of it), None for a month without allocations; one query.

    A case is opened when its referral is allocated.
    """
    alias = router.db_for_read(AllocationWait)
    zone = settings.TIME_ZONE
    starts = {name: _month_start(month) for name, month in months.items()}
    keys = {name: (alias, zone, start) for name, start in starts.items()}
    with connections[alias].cursor() as cursor:
        cursor.execute(
            _MEDIANS,
            {
                "zone": zone,
                "names": list(starts),
                "months": list(starts.values()),
                "known": [_READ.get(key, (-1,))[0] for key in keys.values()],
            },
        )
        rows = cursor.fetchall()
    medians = {}
    for name, changes, fresh, median in rows:
        if not fresh:
            # Unchanged since read: each change takes a number never given before (migration
            # cases 0019), even in a transaction rolled back, so this is that month's median.
            median = _READ[keys[name]][1]
        elif changes is not None:
            _READ[keys[name]] = (changes, median)
        medians[name] = median
    return medians

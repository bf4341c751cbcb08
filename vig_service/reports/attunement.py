"""What the clips teach: across cases closed in the dates, how often each principle of
attuned interaction appeared in the clips of a cycle whose shared review saw a helping
question rise by 2 points or more, against the cycles whose review saw no such rise.

A step is one helping question from its rating before (the baseline, or the previous shared
review) to its rating at a shared review; the cycle before the rise is that review's cycle.
The closure rating is left out: no cycle's clips lead straight to it. Descriptive only.
"""

from django.db.models import Sum

from vig_service.reports.models import AttunementDay
from vig_service.reports.summaries import read

RISE = 2


def principle_counts(date_range) -> dict:
    """Steps with and without a rise, and per principle how many of each its cycle showed.

    Read from the per-day summary of the cases closed (docs/architecture.md, "Report
    summaries"), whose SQL (`summaries/sql.py`, STEPS) pairs each rating with the one before.
    """
    rows = (
        read.in_range(AttunementDay, date_range)
        .values_list("principle", "rose")
        .annotate(total=Sum("n"))
        .order_by()
    )
    steps = {True: 0, False: 0}
    counts: dict[str, dict] = {}
    for principle, rose, total in rows:
        if not principle:
            steps[rose] += total
            continue
        entry = counts.setdefault(principle, {"rise": 0, "no_rise": 0})
        entry["rise" if rose else "no_rise"] += total
    return {"rises": steps[True], "no_rises": steps[False], "principles": counts}

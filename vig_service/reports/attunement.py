"""What the clips teach: across cases closed in the dates, how often each principle of
attuned interaction appeared in the clips of a cycle whose shared review saw a helping
question rise by 2 points or more, against the cycles whose review saw no such rise.

A step is one helping question from its rating before (the baseline, or the previous shared
review) to its rating at a shared review; the cycle before the rise is that review's cycle.
The closure rating is left out: no cycle's clips lead straight to it. Descriptive only.
"""

from cases.models import Case
from cycles.models import Clip, Rating

RISE = 2


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

"""Aggregates beyond Django's own that more than one layer needs (medians of waits)."""

from django.db.models import Aggregate, Count, Subquery, Value
from django.db.models.functions import Coalesce


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont: the value below which `fraction` of the rows fall.

    Works on numbers and on intervals (a median wait comes back as a timedelta).
    """

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, *, fraction: float, **extra):
        # A float we choose, never user input; formatted so the SQL holds a plain number.
        super().__init__(expression, fraction=f"{float(fraction):.4f}", **extra)


def median(expression, **extra) -> PercentileCont:
    """The median of `expression`."""
    return PercentileCont(expression, fraction=0.5, **extra)


def p90(expression, **extra) -> PercentileCont:
    """The 90th percentile of `expression`."""
    return PercentileCont(expression, fraction=0.9, **extra)


def count_of(queryset) -> Coalesce:
    """How many rows `queryset` has, as a subquery of the query it is put in (0 for none)."""
    # Grouped by a constant, which is no grouping: one row, as an aggregate gives.
    rows = queryset.order_by().values(every=Value(True)).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows), 0)

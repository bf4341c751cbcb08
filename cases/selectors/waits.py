"""How long families wait from referral to allocation, month by month."""

from datetime import datetime, timedelta

from django.db.models import Q, Value

from cases.models import AllocationWait
from vig_service.core.aggregates import median
from vig_service.core.compiled import CompiledQuery


def _medians_query(names: tuple[str, ...]) -> CompiledQuery:
    def build(*, first, last, **bounds):
        # Only the months' rows are read, by the allocation waits' index with the wait in
        # it, never each case's referral (docs/architecture.md, "The limit facts").
        allocated = AllocationWait.objects.filter(allocated_at__gte=first, allocated_at__lt=last)
        medians = {
            name: median(
                "waited",
                filter=Q(allocated_at__gte=bounds[f"{name}_start"])
                & Q(allocated_at__lt=bounds[f"{name}_end"]),
            )
            for name in names
        }
        # Grouped by a constant, which is no grouping: one row, as an aggregate gives.
        return (
            allocated.order_by().values(every=Value(True)).annotate(**medians).values_list(*names)
        )

    bounds = [f"{name}_{end}" for name in names for end in ("start", "end")]
    return CompiledQuery(AllocationWait, build, moments=["first", "last", *bounds])


# Compiled once per set of month names (core.compiled): the manager's home page asks for the
# same two months on every visit, and building the query cost half its time.
_MEDIANS: dict[tuple[str, ...], CompiledQuery] = {}


def median_waits_to_allocation(
    months: dict[str, tuple[datetime, datetime]],
) -> dict[str, timedelta | None]:
    """The median wait from submission to allocation of the cases allocated in each month.

    `months` names each (start, end before) range; one query gives every median, None for a
    month without allocations. A case is opened when its referral is allocated.
    """
    names = tuple(months)
    query = _MEDIANS.get(names) or _MEDIANS.setdefault(names, _medians_query(names))
    starts, ends = zip(*months.values(), strict=True)
    bounds = {f"{name}_start": start for name, (start, _) in months.items()}
    bounds |= {f"{name}_end": end for name, (_, end) in months.items()}
    row = query.rows(first=min(starts), last=max(ends), **bounds)[0]
    return dict(zip(names, row, strict=True))

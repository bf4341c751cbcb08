"""How long families wait from referral to allocation, month by month."""

from datetime import datetime, timedelta

from django.db.models import Q

from cases.models import AllocationWait
from vig_service.core.aggregates import median


def median_waits_to_allocation(
    months: dict[str, tuple[datetime, datetime]],
) -> dict[str, timedelta | None]:
    """The median wait from submission to allocation of the cases allocated in each month.

    `months` names each (start, end before) range; one query gives every median, None for a
    month without allocations. A case is opened when its referral is allocated.
    """
    # Only the months' rows are read, by the allocation waits' index with the wait in it,
    # never each case's referral (docs/architecture.md, "The limit facts").
    starts, ends = zip(*months.values(), strict=True)
    allocated = AllocationWait.objects.filter(
        allocated_at__gte=min(starts), allocated_at__lt=max(ends)
    )
    return allocated.aggregate(
        **{
            name: median("waited", filter=Q(allocated_at__gte=start, allocated_at__lt=end))
            for name, (start, end) in months.items()
        }
    )

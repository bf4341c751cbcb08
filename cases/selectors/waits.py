"""How long families wait from referral to allocation, month by month."""

from datetime import datetime, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Q

from cases.models import Case
from vig_service.core.aggregates import median


def median_waits_to_allocation(
    months: dict[str, tuple[datetime, datetime]],
) -> dict[str, timedelta | None]:
    """The median wait from submission to allocation of the cases allocated in each month.

    `months` names each (start, end before) range; one query gives every median, None for a
    month without allocations. A case is opened when its referral is allocated.
    """
    wait = ExpressionWrapper(
        F("created_at") - F("referral__submitted_at"), output_field=DurationField()
    )
    # Only the months' cases are read (by the created_at index), whatever the history.
    starts, ends = zip(*months.values(), strict=True)
    allocated = Case.objects.filter(created_at__gte=min(starts), created_at__lt=max(ends))
    return allocated.aggregate(
        **{
            name: median(wait, filter=Q(created_at__gte=start, created_at__lt=end))
            for name, (start, end) in months.items()
        }
    )

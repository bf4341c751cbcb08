"""Engagement: appointments by month and outcome, and days from filming to shared review."""

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q

from cycles.models import Cycle
from diary.models import Appointment
from vig_service.reports.aggregates import median, p90
from vig_service.reports.forms import DateRange
from vig_service.reports.queries import MonthCounts, _month_counts, _months_of, month_key

Status = Appointment.Status


def appointment_figures(date_range: DateRange) -> dict:
    """Appointments due in the range by month × outcome, and filming to review waits."""
    due = Appointment.objects.filter(
        starts_at__gte=date_range.start_at, starts_at__lt=date_range.end_before
    )
    month_totals = {
        month_key(month): n
        for month, n in _months_of(due, "starts_at")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    }
    column_totals = dict(due.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = MonthCounts(
        counts=_month_counts(due, moment="starts_at", key="status"),
        month_totals=month_totals,
        column_totals=column_totals,
        total=sum(column_totals.values()),
    )
    wait = ExpressionWrapper(F("review__held_on") - F("filmed_on"), output_field=DurationField())
    reviewed = Cycle.objects.filter(
        review__held_on__gte=date_range.start, review__held_on__lte=date_range.end
    )
    review_wait = reviewed.aggregate(
        n=Count("pk"),
        median=median(wait),
        p90=p90(wait),
        late=Count("pk", filter=Q(review__held_on__gt=F("filmed_on") + 21)),
    )
    return {"by_status": by_status, "review_wait": review_wait}

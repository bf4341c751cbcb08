"""Engagement: appointments by month and outcome, and days from filming to shared review."""

from datetime import timedelta

from django.db.models import Count

from diary.models import Appointment
from vig_service.reports.forms import DateRange
from vig_service.reports.queries import MonthCounts, _month_counts, _months_of, month_key
from vig_service.reports.summaries import read

Status = Appointment.Status
# A shared review more than three weeks after filming is late.
LATE_DAYS = 21


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
    # Filming to review from the per-day histogram (docs/architecture.md, "Report summaries").
    review_wait = read.waits_overall("review", date_range, late_after=timedelta(days=LATE_DAYS))
    return {"by_status": by_status, "review_wait": review_wait}

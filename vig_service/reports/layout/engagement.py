"""The engagement report as tables: cancelled and not-attended rates, filming to review."""

from datetime import date

from diary.models import Appointment
from vig_service.reports import engagement
from vig_service.reports.forms import DateRange
from vig_service.reports.layout.common import month_label, wait_figures
from vig_service.reports.tables import Figure, Report, Table

Status = Appointment.Status
OUTCOMES = [(status, Status(status).label) for status in Status.values]


def _rates(counts: dict, month_total: int) -> list[Figure]:
    def part(status):
        return counts.get(status, 0)

    return [
        *(Figure(part(status)) for status, _ in OUTCOMES),
        Figure(month_total),
        Figure.percent(part(Status.CANCELLED), month_total),
        Figure.percent(part(Status.DID_NOT_ATTEND), month_total),
    ]


def engagement_report(date_range: DateRange, *, today: date | None = None) -> Report:
    """Appointments due in the range by month and outcome, with the cancelled and
    did-not-attend rates, and the days from filming to the shared review."""
    figures = engagement.appointment_figures(date_range)
    by, wait = figures["by_status"], figures["review_wait"]
    rows = [
        (
            month_label(month),
            _rates(
                {status: by.counts.get((month, status), 0) for status, _ in OUTCOMES},
                by.month_totals.get(month, 0),
            ),
        )
        for month in date_range.months()
    ]
    rows.append(("Total", _rates(by.column_totals, by.total)))
    return Report(
        slug="engagement",
        title="Engagement",
        summary=[
            ("Appointments due in these dates", Figure(by.total)),
            ("Cancelled", Figure.percent(by.column_totals.get(Status.CANCELLED, 0), by.total)),
            (
                "Did not attend",
                Figure.percent(by.column_totals.get(Status.DID_NOT_ATTEND, 0), by.total),
            ),
            ("Shared reviews held", Figure(wait["n"])),
            (
                "Median days from filming to shared review",
                Figure.days(wait["median"], base=wait["n"]),
            ),
            ("Shared reviews more than 3 weeks after filming", Figure(wait["late"])),
        ],
        tables=[
            Table(
                slug="appointments-by-month",
                caption="Appointments by the month they were due, and how they went",
                row_header="Month",
                columns=[
                    *(label for _, label in OUTCOMES),
                    "All",
                    "Cancelled rate",
                    "Did not attend rate",
                ],
                rows=rows,
                note="Engagement is the hard part of contracting: planned appointments that "
                "are still open count in All but in neither rate's numerator.",
            ),
            Table(
                slug="filming-to-review",
                caption="Days from filming to the shared review, for reviews held in these dates",
                row_header="Shared reviews",
                columns=["Reviews", "Median days", "90th percentile days"],
                rows=[("Held in these dates", wait_figures(wait))],
            ),
        ],
    )

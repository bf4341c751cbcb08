"""The referrals and waiting-times reports as tables."""

from datetime import date

from django.utils import timezone

from referrals.choices import RouteIn
from vig_service.accounts.models import Profession
from vig_service.reports import queries
from vig_service.reports.forms import DateRange
from vig_service.reports.layout.common import (
    NOT_GIVEN,
    TIER_COLUMNS,
    charted_counts,
    counts_and_shares,
    month_label,
    pivot,
    wait_figures,
)
from vig_service.reports.queries import WAITING_BANDS
from vig_service.reports.tables import Figure, Report, Table


def referrals_report(date_range: DateRange) -> Report:
    """Referrals received by month × tier, × route in, × referrer profession; decisions."""
    figures = queries.referral_counts(date_range)
    outcomes, by = figures["outcomes"], figures["by"]
    months = date_range.months()
    route_columns = [*RouteIn.choices, ("", NOT_GIVEN)]
    # Professions seen in the range only: a column of noughts for every profession is noise.
    seen = {key for _, key in by["referrer__profession"].counts}
    profession_columns = [(k, label) for k, label in Profession.choices if k in seen]
    if "" in seen:
        profession_columns.append(("", NOT_GIVEN))

    def month_table(slug, caption, key, columns):
        return Table(
            slug=slug,
            caption=caption,
            row_header="Month",
            columns=[label for _, label in columns] + ["Total"],
            rows=pivot(by[key], months=months, columns=columns),
        )

    caption = "Referrals received by month and {}"
    tier_table = month_table(
        "by-tier", caption.format("priority tier"), "priority_tier", TIER_COLUMNS
    )
    monthly = charted_counts(
        "by-month",
        "Referrals received each month",
        "Month",
        "Referrals",
        ((label, [row[-1]]) for label, row in tier_table.rows[:-1]),
    )
    decided, declined = outcomes["decided"], outcomes["declined"]
    return Report(
        slug="referrals",
        title="Referrals",
        summary=[
            ("Referrals received", Figure(outcomes["total"])),
            ("Accepted", Figure(outcomes["accepted"])),
            ("Declined", Figure(declined)),
            ("Withdrawn", Figure(outcomes["withdrawn"])),
            ("Waiting for a decision", Figure(outcomes["undecided"])),
            (
                "Acceptance rate (of those decided)",
                Figure.percent(outcomes["accepted"], decided),
            ),
            ("Decline rate (of those decided)", Figure.percent(declined, decided)),
        ],
        tables=[
            monthly,
            tier_table,
            month_table("by-route", caption.format("route in"), "route_in", route_columns),
            month_table(
                "by-profession",
                caption.format("referrer's profession"),
                "referrer__profession",
                profession_columns,
            ),
            counts_and_shares(
                "decline-reasons",
                "Reasons for declining",
                "Reason",
                ["Referrals", "Share of declined"],
                ((reason or NOT_GIVEN, n) for reason, n in figures["reasons"]),
                whole=declined,
            ),
        ],
    )


# Waiting times ---------------------------------------------------------------------------


WAIT_TABLES = [
    (
        "submitted-to-decision",
        "Days from submission to decision, by month decided",
        "to_decision",
    ),
    (
        "accepted-to-allocated",
        "Days from acceptance to allocation, by month allocated",
        "to_allocation",
    ),
    (
        "allocated-to-filming",
        "Days from allocation to first filming, by month filmed",
        "to_filming",
    ),
]


def _wait_table(slug, caption, waits, *, months: list[date]) -> Table:
    """Median and 90th percentile by month, and over the range."""
    by_month, overall = waits
    rows = [(month_label(month), wait_figures(by_month.get(month))) for month in months]
    rows.append(("Whole range", wait_figures(overall)))
    return Table(
        slug=slug,
        caption=caption,
        row_header="Month",
        columns=["Referrals", "Median days", "90th percentile days"],
        rows=rows,
        chart_column=1,
    )


def waiting_times_report(date_range: DateRange, *, now=None) -> Report:
    """Submitted → decision, accepted → allocated, allocated → first filming; the waiting list."""
    figures = queries.waiting_figures(date_range, now=now or timezone.now())
    months = date_range.months()
    bands, by_tier = figures["bands"], figures["by_tier"]
    total = bands["total"]
    return Report(
        slug="waiting-times",
        title="Waiting times",
        summary=[
            ("Referrals decided", Figure(figures["decided"])),
            ("Families waiting for a guider today", Figure(total)),
            ("Median days waiting today", Figure.days(bands["median"], base=total)),
            ("Longest wait today (days)", Figure.days(bands["longest"], base=total)),
        ],
        tables=[
            *(
                _wait_table(slug, caption, figures[key], months=months)
                for slug, caption, key in WAIT_TABLES
            ),
            Table(
                slug="waiting-list",
                caption="Today's waiting list by priority tier",
                row_header="Priority tier",
                columns=["Families waiting", "Median days waiting", "Longest wait (days)"],
                rows=[
                    (label, wait_figures(by_tier.get(tier), last="longest"))
                    for tier, label in TIER_COLUMNS
                    if tier is not None or None in by_tier
                ],
                chart_column=0,
            ),
            charted_counts(
                "waiting-bands",
                "Today's waiting list by time waiting",
                "Time waiting",
                "Families waiting",
                (
                    (label, [Figure(bands[f"band_{index}"])])
                    for index, (label, _, _) in enumerate(WAITING_BANDS)
                ),
            ),
        ],
    )

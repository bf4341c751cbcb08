"""The caseload and intervention-outcomes reports as tables."""

from datetime import date

from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils import timezone

from cases.models import ClosureReason
from cases.rules import LIMIT_WARNING_DAYS
from vig_service.reports import caseload, queries
from vig_service.reports.forms import DateRange
from vig_service.reports.layout.common import charted_counts, counts_and_shares
from vig_service.reports.queries import IMPROVED_BY, RECENT_CYCLE_DAYS
from vig_service.reports.tables import Figure, Report, Table

NEAR_LIMIT = f"Cases at or within {LIMIT_WARNING_DAYS // 7} weeks of their limit"


def _page(number: int | None, total: int) -> Page | None:
    if number is None:
        return None
    paginator = Paginator([], caseload.GUIDERS_PER_PAGE, allow_empty_first_page=True)
    paginator.count = total
    return Page([], number, paginator)


def caseload_report(
    date_range: DateRange, *, today: date | None = None, page: int | None = None
) -> Report:
    """Each guider's open cases against capacity, recent cycles, and cases near their limit:
    `page` of the guiders by name (every guider without it, as the download has), with the
    whole service's figures in the summary."""
    counts = caseload.caseload_counts(date_range, today=today or timezone.localdate(), page=page)
    near, near_list, service = counts["near"], reverse("cases:near_limit"), counts["service"]
    rows = []
    for pk, name, capacity in counts["guiders"]:
        open_cases = counts["open"].get(pk, 0)
        movement = counts["movement"].get(pk, {})
        rows.append(
            (
                name,
                [
                    Figure(open_cases),
                    Figure(capacity, kind="number"),
                    Figure.percent(open_cases, capacity),
                    Figure(counts["recent"].get(pk, 0)),
                    Figure(near.get(pk, 0), url=f"{near_list}?guider={pk}"),
                    Figure(movement.get("opened", 0)),
                    Figure(movement.get("closed", 0)),
                ],
            )
        )
    recent = f"Cycles filmed in the last {RECENT_CYCLE_DAYS} days"
    return Report(
        slug="caseload",
        title="Caseload per guider",
        summary=[
            ("Guiders", Figure(service["guiders"])),
            ("Open cases", Figure(service["open"])),
            ("Capacity", Figure(service["capacity"], kind="number")),
            ("Capacity used", Figure.percent(service["open"], service["capacity"])),
            (recent, Figure(service["recent"])),
            (NEAR_LIMIT, Figure(service["near"], url=near_list)),
            ("Cases opened in the range", Figure(service["opened"])),
            ("Cases closed in the range", Figure(service["closed"])),
        ],
        tables=[
            Table(
                slug="guiders",
                caption="Caseload per guider",
                row_header="Guider",
                columns=[
                    "Open cases",
                    "Capacity",
                    "Capacity used",
                    recent,
                    NEAR_LIMIT,
                    "Cases opened in the range",
                    "Cases closed in the range",
                ],
                rows=rows,
                chart_column=2,
                note=(
                    "Open cases and limits are as they stand today; cases opened and closed "
                    f"are counted within the chosen dates. {caseload.GUIDERS_PER_PAGE} guiders "
                    "a page, by name; the summary counts the whole service and the download "
                    "has every guider."
                ),
                page=_page(counts["page"], service["guiders"]),
            )
        ],
    )


# Intervention outcomes -------------------------------------------------------------------


def _distribution(counts: dict[int, int], label, *, start=None) -> list[tuple[str, list[Figure]]]:
    """One row per value from `start` (else the lowest) to the highest, noughts between."""
    low = min(counts, default=0) if start is None else start
    return [(label(n), [Figure(counts.get(n, 0))]) for n in range(low, max(counts, default=0) + 1)]


def outcomes_report(date_range: DateRange) -> Report:
    """Closed cases: cycles per case, closure reasons, helping-question change and improvement."""
    figures = queries.outcome_counts(date_range)
    cycles, change, improvement = figures["cycles"], figures["change"], figures["improvement"]
    cases, reasons, rated = cycles["cases"], figures["reasons"], change["questions"]
    improved = f"improved by {IMPROVED_BY} points or more"
    return Report(
        slug="outcomes",
        title="Intervention outcomes",
        summary=[
            ("Cases closed", Figure(cases)),
            ("Mean cycles per closed case", Figure.number(cycles["mean"], base=cases)),
            ("Median cycles per closed case", Figure.number(cycles["median"], base=cases)),
            ("Helping questions rated at baseline and later", Figure(rated)),
            (
                "Mean change in helping-question rating (points out of 10)",
                Figure.number(change["mean"], base=rated),
            ),
            (f"Cases {improved}", Figure(improvement["improved"])),
            (
                f"Share of rated cases {improved}",
                Figure.percent(improvement["improved"], improvement["rated"]),
            ),
        ],
        tables=[
            charted_counts(
                "cycles-per-case",
                "Cycles per closed case",
                "Cycles",
                "Cases",
                _distribution(figures["cycle_distribution"], str, start=0),
            ),
            counts_and_shares(
                "closure-reasons",
                "Why cases closed",
                "Reason",
                ["Cases", "Share of closed"],
                ((label, reasons.get(key, 0)) for key, label in ClosureReason.choices),
                whole=cases,
            ),
            charted_counts(
                "rating-change",
                "Change in helping-question rating from baseline to last rating",
                "Change (points)",
                "Helping questions",
                _distribution(figures["change_distribution"], lambda n: f"{n:+d}" if n else "0"),
                note=(
                    "A case's change is the mean over its helping questions of the last rating "
                    "(at a shared review or closure) minus the baseline."
                ),
            ),
        ],
    )

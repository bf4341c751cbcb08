"""The case cards of the home page: guiders' room, overdue actions, limits and waiting times.

Registered in CasesConfig.ready() (docs/architecture.md, "Home page").
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases import selectors
from cases.views.lifecycle import NEXT_ACTION_PAGES
from vig_service.core.home import HomeCard, HomeFigure
from vig_service.core.next_actions import with_link


def coordinator_cards(user) -> list[HomeCard]:
    """How many guiders have room for another case, linking to the caseload report."""
    # Counted by the database: a national service has thousands of guiders.
    room, total = selectors.guiders_with_room()
    figures = ()
    if total:
        figures = (
            HomeFigure(
                "Guiders with room for a new case",
                None,
                reverse("reports:report", args=["caseload"]),
                hint=f"{total - room} at or over their capacity",
                value=f"{room} of {total}",
            ),
        )
    return [HomeCard("Guiders' capacity", figures, "There are no active guiders.")]


def guider_cards(user) -> list[HomeCard]:
    """Each of the guider's cases whose next action is overdue, linking to where it is done."""
    lines = []
    for case in selectors.overdue_actions(user=user):
        action = with_link(case.progress.next_action, pages=NEXT_ACTION_PAGES, args=[case.pk])
        lines.append(
            HomeFigure(
                f"{case.reference}: {action.label}",
                None,
                action.url or reverse("cases:overview", args=[case.pk]),
                urgent=True,
            )
        )
    return [HomeCard("Overdue on your cases", tuple(lines), "Nothing on your cases is overdue.")]


def manager_cards(user) -> list[HomeCard]:
    """Cases at or near their limit and extension requests waiting for a decision."""
    counts = selectors.limit_counts(user=user)
    figures = (
        HomeFigure(
            "Extension requests waiting", counts["waiting"], reverse("cases:extension_requests")
        ),
        HomeFigure("Cases at or near their limit", counts["near"], reverse("cases:near_limit")),
    )
    return [
        HomeCard(
            "Extensions and limits",
            figures,
            "No extension request is waiting and no case is at or near its limit.",
        )
    ]


def _days(wait: timedelta | None) -> str:
    if wait is None:
        return "No allocations"
    days = round(wait.total_seconds() / 86400)
    return "1 day" if days == 1 else f"{days} days"


def waiting_time_cards(user) -> list[HomeCard]:
    """This month's median wait from referral to allocation, against last month's."""
    this_month = timezone.localdate().replace(day=1)
    waits = selectors.median_waits_to_allocation(
        {"this": this_month, "last": this_month - timedelta(days=1)}
    )
    figure = HomeFigure(
        "Median wait from referral to allocation this month",
        None,
        reverse("reports:report", args=["waiting-times"]),
        hint=f"Last month: {_days(waits['last'])}",
        value=_days(waits["this"]),
    )
    return [HomeCard("Waiting times", (figure,), "")]

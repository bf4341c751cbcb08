"""The guider's appointments on the home page: today's, one line each, and the week's count.

Registered in DiaryConfig.ready() (docs/architecture.md, "Home page").
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from diary import rules, selectors
from vig_service.core.home import HomeCard, HomeFigure


def guider_cards(user) -> list[HomeCard]:
    """Today's appointments, each linking to itself, and how many more this week."""
    today = timezone.localdate()
    week = selectors.days_of(people=[user], start=today, days=7 - today.weekday(), viewer=user)
    planned = [[a for a in day.appointments if a.status == a.Status.PLANNED] for day in week]
    lines = [
        HomeFigure(
            f"{timezone.localtime(a.starts_at):%H:%M} {a.title}",
            None,
            a.get_absolute_url(),
            hint=a.get_place_display(),
            urgent=bool(a.clashes),
        )
        for a in planned[0]
    ]
    later = sum(len(day) for day in planned[1:])
    monday = rules.week_start(today).isoformat()
    lines.append(
        HomeFigure("More appointments this week", later, reverse("diary:mine") + f"?week={monday}")
    )
    past_unrecorded = selectors.unrecorded(user=user, before=timezone.now() - timedelta(hours=1))
    lines.append(
        HomeFigure(
            "Appointments that have passed without an outcome",
            past_unrecorded,
            reverse("diary:mine") + f"?week={monday}",
            urgent=True,
        )
    )
    return [HomeCard("Your appointments", tuple(lines), "Nothing is planned for today.")]

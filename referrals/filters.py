"""The triage queue's filters (docs/architecture.md, "List filters")."""

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from referrals.choices import Concern, RouteIn
from referrals.models import Referral
from vig_service.core.filters import ChoicesFilter, ListFilterSet

NO_TIER = "none"
# The tiers offered; the queue also understands 5 to 9, which a service's rules may give.
TIER_CHOICES = [(str(n), f"Tier {n}") for n in range(1, 5)] + [(NO_TIER, "No tier")]
OTHER_TIERS = [str(n) for n in range(5, 10)]
AGE_BANDS = {
    "0-2": ("Under 3", 0, 2),
    "3-5": ("3 to 5", 3, 5),
    "6-11": ("6 to 11", 6, 11),
    "12-17": ("12 to 17", 12, 17),
    "18-25": ("18 to 25", 18, 25),
}
QUEUE_STATUSES = {
    Referral.Status.SUBMITTED: "Waiting for a decision",
    Referral.Status.MORE_INFO_REQUESTED: "Waiting for the referrer",
}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


class QueueFilterSet(ListFilterSet):
    """The queue's checkboxes; with no status chosen it shows what waits for a decision."""

    status = ChoicesFilter(
        label="Status",
        choices=list(QUEUE_STATUSES.items()),
        when_none=[Referral.Status.SUBMITTED],
    )
    tier = ChoicesFilter(
        "priority_tier",
        label="Priority tier",
        choices=TIER_CHOICES,
        accepts=OTHER_TIERS,
        none_value=NO_TIER,
    )
    age = ChoicesFilter(
        label="Child's age",
        choices=[(key, label) for key, (label, _, _) in AGE_BANDS.items()],
        method="filter_age",
    )
    route = ChoicesFilter("route_in", label="Route in", choices=RouteIn.choices)
    team = ChoicesFilter("team_id", label="Referrer's team")
    concern = ChoicesFilter("concerns", "overlap", label="Concern", choices=Concern.choices)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("team", [(str(pk), name) for pk, name in teams])

    def only_status(self) -> str | None:
        """The one status shown when no filter but the tier narrows the queue, else None."""
        if any(self.values(name) for name in self.filters if name not in ("status", "tier")):
            return None
        statuses = self.values("status") or list(self.filters["status"].when_none)
        return statuses[0] if len(statuses) == 1 else None

    def filter_age(self, queryset: QuerySet, name: str, bands: list[str]) -> QuerySet:
        """Children whose age today falls in any chosen band."""
        today, match = timezone.localdate(), Q()
        for band in bands:
            _, low, high = AGE_BANDS[band]
            match |= Q(
                child_date_of_birth__gt=_years_before(today, high + 1),
                child_date_of_birth__lte=_years_before(today, low),
            )
        return queryset.filter(match)

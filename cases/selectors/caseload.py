"""Guiders' caseloads against their capacity, for allocation, reassigning and settings."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from cases.models import Case, CaseSettings, GuiderCapacity
from cases.querysets import guider_capacity
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role


@dataclass(frozen=True)
class GuiderLoad:
    """A guider's open cases against their capacity, for choosing who takes a new case."""

    guider: User
    open_cases: int
    capacity: int
    overridden: bool

    @property
    def remaining(self) -> int:
        """Places left before the guider reaches capacity; never below zero."""
        return max(self.capacity - self.open_cases, 0)

    @property
    def would_exceed(self) -> bool:
        """Whether one more case would take the guider beyond their capacity."""
        return self.open_cases + 1 > self.capacity


def guiders_with_caseload() -> list[GuiderLoad]:
    """Every active guider with their open cases and capacity, by name, in two queries."""
    default = CaseSettings.load().default_capacity
    guiders = (
        User.objects.filter(is_active=True, groups__name=Role.GUIDER)
        .annotate(
            # distinct: the join to the guider group must never count a case twice.
            open_case_count=Count(
                "cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True
            ),
            capacity=guider_capacity(default),
            overridden=ExpressionWrapper(
                Q(guider_capacity__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by("full_name", "pk")
    )
    return [
        GuiderLoad(
            guider=guider,
            open_cases=guider.open_case_count,
            capacity=guider.capacity,
            overridden=guider.overridden,
        )
        for guider in guiders
    ]


def capacity_for(guider: User) -> int:
    """How many open cases this guider can hold: their own number, else the default."""
    own = GuiderCapacity.objects.filter(guider=guider).values_list("capacity", flat=True).first()
    return own if own is not None else CaseSettings.load().default_capacity

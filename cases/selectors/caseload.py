"""Guiders' caseloads against their capacity, for allocation, reassigning and settings."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from cases.models import Case, CaseSettings, GuiderCapacity, GuiderRoom
from cases.querysets import guider_capacity
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.compiled import CompiledQuery


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


def _open_cases_of_guider():
    """A guider's open cases, counted from the index of open cases alone.

    A subquery, not a join with COUNT: a join reads every case each guider ever held, ten
    times the open ones after a few years (docs/architecture.md, "Report summaries").
    """
    open_cases = (
        Case.objects.open()
        .filter(guider=OuterRef("pk"))
        .order_by()
        .values("guider")
        # The guider's column, not the key: the count is read from the index alone.
        .annotate(n=Count("guider"))
        .values("n")
    )
    return Coalesce(Subquery(open_cases), 0)


def _guiders(default: int):
    return User.objects.filter(is_active=True, groups__name=Role.GUIDER).annotate(
        open_case_count=_open_cases_of_guider(), capacity=guider_capacity(default)
    )


def _room(*, default):
    # The kept rows alone (GuiderRoom): one per active guider, not every guider's cases and
    # roles. Grouped by a value every row has, so the query is a queryset to compile.
    return (
        GuiderRoom.objects.annotate(every=Value(True))
        .values("every")
        .annotate(
            room=Count("pk", filter=Q(open_cases__lt=Coalesce("capacity", Value(default)))),
            total=Count("pk"),
        )
        .values_list("room", "total")
    )


# On every coordinator's home page: compiled once (core.compiled), the service's default
# capacity bound on each use.
ROOM = CompiledQuery(GuiderRoom, _room, scalars=["default"])


def guiders_with_room() -> tuple[int, int]:
    """How many active guiders have room for another case, and how many there are."""
    rows = ROOM.rows(default=CaseSettings.load().default_capacity)
    return rows[0] if rows else (0, 0)


def guiders_with_caseload() -> list[GuiderLoad]:
    """Every active guider with their open cases and capacity, by name, in two queries."""
    guiders = (
        _guiders(CaseSettings.load().default_capacity)
        .annotate(
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

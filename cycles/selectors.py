"""Reads for the cycle pages, scoped by Case.objects.visible_to(user), in constant queries."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cases.models import Case, CaseSettings, Consent
from cases.rules import Limit
from cases.selectors import limit_for
from cycles import rules
from cycles.models import ClipShowing, Cycle, Rating
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role


@dataclass(frozen=True)
class NextCycle:
    """Whether the case's next cycle may start: its number, or the reason it may not."""

    number: int
    refused_because: str | None
    limit: Limit

    @property
    def allowed(self) -> bool:
        """Whether the Start button is offered."""
        return self.refused_because is None


def cycle_for_page(*, user, pk: int) -> Cycle:
    """A cycle of a case the user may open, with every section of its page; 404 otherwise."""
    queryset = (
        Cycle.objects.filter(case__in=Case.objects.visible_to(user))
        .select_related(
            "case__referral", "case__guider", "case__co_worker", "review", "updated_by"
        )
        .prefetch_related(
            "clips",
            Prefetch("showings", queryset=ClipShowing.objects.select_related("consent")),
            "supervisions__supervisor",
            "review__professional_consents",
            Prefetch("review__ratings", queryset=Rating.objects.select_related("question")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


def cycles_for_case(*, case: Case) -> list[Cycle]:
    """The case's cycles in order, with clip counts, review and ratings, in three queries."""
    return list(
        case.cycles.select_related("review")
        .annotate(clip_count=Count("clips"))
        .prefetch_related(
            Prefetch(
                "review__ratings",
                queryset=Rating.objects.select_related("question").order_by("question", "pk"),
            )
        )
        .order_by("number")
    )


def next_cycle(*, case: Case, cycles: list[Cycle]) -> NextCycle:
    """The next cycle's number and whether it may start now, with the reason if not."""
    settings = CaseSettings.load()
    limit = limit_for(case=case, cycles=cycles, settings=settings)
    reason = rules.why_no_new_cycle(
        case_status=case.status,
        cycles=[(cycle.number, cycle.status) for cycle in cycles],
        limit=limit,
        month_limit=settings.month_limit,
        today=timezone.localdate(),
    )
    number = max((cycle.number for cycle in cycles), default=0) + 1
    return NextCycle(number=number, refused_because=reason, limit=limit)


def live_consents(*, case: Case, kind: str) -> QuerySet[Consent]:
    """The case's consents of one kind that have not been withdrawn."""
    return case.consents.filter(kind=kind, withdrawn_on__isnull=True).order_by(
        "named_person", "given_on", "pk"
    )


def supervisors() -> QuerySet[User]:
    """Active users with the supervisor role, by name."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .distinct()
        .order_by("full_name", "pk")
    )

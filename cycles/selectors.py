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
            "household_children_filmed",
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


def filmable_children(*, case: Case) -> list[rules.Child]:
    """The children who may be filmed: the child referred, then the household's children."""
    referral = case.referral
    focus = rules.Child(
        key=rules.FOCUS_CHILD,
        name=referral.child_first_name or "The child referred",
        date_of_birth=referral.child_date_of_birth,
    )
    household = [
        rules.Child(key=str(child.pk), name=child.first_name, date_of_birth=child.date_of_birth)
        for child in referral.household_children.order_by("date_of_birth", "pk")
    ]
    return [focus, *household]


# A child's consent recorded before consents said which child gave them: it stands for no
# particular child, and for no adult either.
UNNAMED_CHILD = "unnamed"


def filming_consents(*, case: Case) -> list[rules.GivenConsent]:
    """The case's consents to be filmed (live or withdrawn), as the filming rule reads them."""
    given = []
    for consent in case.consents.filter(kind=Consent.Kind.FILMING).order_by("given_on", "pk"):
        if consent.focus_child:
            child = rules.FOCUS_CHILD
        elif consent.household_child_id:
            child = str(consent.household_child_id)
        else:
            child = UNNAMED_CHILD if consent.given_by_child else None
        given.append(
            rules.GivenConsent(
                kind=consent.kind,
                given_on=consent.given_on,
                withdrawn_on=consent.withdrawn_on,
                child=child,
            )
        )
    return given


def children_filmed(*, cycle: Cycle, children: list[rules.Child]) -> list[rules.Child]:
    """Which of the family's children the cycle's filming recorded."""
    household = {str(pk) for pk in cycle.household_children_filmed.values_list("pk", flat=True)}
    return [
        child
        for child in children
        if (child.key == rules.FOCUS_CHILD and cycle.focus_child_filmed) or child.key in household
    ]


def live_consents(*, case: Case, kind: str) -> QuerySet[Consent]:
    """The case's consents of one kind that have not been withdrawn."""
    return case.consents.filter(kind=kind, withdrawn_on__isnull=True).order_by(
        "named_person", "given_on", "pk"
    )


def family_withdrawal(*, case: Case, kind: str):
    """The date the family last withdrew a consent of this kind themselves, or None."""
    return (
        case.consents.filter(kind=kind, withdrawn_by_family=True)
        .order_by("-withdrawn_on")
        .values_list("withdrawn_on", flat=True)
        .first()
    )


def supervisors() -> QuerySet[User]:
    """Active users with the supervisor role, by name."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR)
        .distinct()
        .order_by("full_name", "pk")
    )

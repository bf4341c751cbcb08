"""Reads for the case lifecycle: My cases, the case pages, who may change a case, its timeline."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case, CaseEvent
from cases.selectors.progress import attach_progress, with_progress
from vig_service.accounts.models import User
from vig_service.core.next_actions import Severity


def guiders_of_visible_cases(*, user) -> list[User]:
    """The guiders of the cases a user may see, by name, for the guider filter."""
    guider_ids = Case.objects.visible_to(user).values("guider_id")
    return list(User.objects.filter(pk__in=guider_ids).order_by("full_name", "pk"))


def case_list(*, user, every_case: bool = False) -> QuerySet[Case]:
    """The cases on My cases, with their progress annotations.

    A guider's own list: open cases, and closed ones whose footage has still to be deleted.
    With `every_case` (coordinators and supervisors, narrowed by CaseFilterSet): every
    visible case.
    """
    cases = with_progress(Case.objects.visible_to(user)).select_related(
        "referral", "guider", "co_worker"
    )
    if every_case:
        return cases
    return cases.filter(_still_to_do())


def _still_to_do() -> Q:
    """Open cases, and closed ones whose footage has still to be deleted (with_progress())."""
    footage_pending = Q(footage_deleted_on__isnull=True) & (
        Q(first_filmed_on__isnull=False) | ~Q(footage_location="")
    )
    return ~Q(status=Case.Status.CLOSED) | footage_pending


def overdue_actions(*, user) -> list[Case]:
    """The cases the user guides or co-works whose next action is overdue (a red tag).

    Each has `progress` set. Only the cases My cases lists can be overdue, and a guider has
    few, so their progress is worked out here in one query rather than in the database.
    """
    own = with_progress(Case.objects.filter(Q(guider=user) | Q(co_worker=user)))
    own = own.not_restricted_from(user)
    own = own.filter(_still_to_do()).select_related("referral").order_by("opened_on", "pk")
    cases = attach_progress(own)
    return [case for case in cases if case.progress.next_action.severity == Severity.URGENT]


def case_for_page(*, user, pk: int) -> Case:
    """A case the user may open, with what the case layout shows; 404 otherwise."""
    queryset = Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    return get_object_or_404(queryset, pk=pk)


def case_for_overview(*, user, pk: int) -> Case:
    """A case the user may open with its progress set, in a constant number of queries."""
    queryset = with_progress(
        Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    )
    case = get_object_or_404(queryset, pk=pk)
    attach_progress([case])
    return case


def timeline(*, case: Case) -> list[CaseEvent]:
    """The case's events, newest first, with who did each."""
    return list(case.events.select_related("actor").order_by("-occurred_at", "-pk"))

"""Reads for the case lifecycle: My cases, the case pages, who may change a case, its timeline."""

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cases.models import Case, CaseEvent
from cases.querysets import NearLimitDates
from cases.selectors.progress import attach_progress, with_progress
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.compiled import CompiledQuery, stand_in_viewer
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


def _own_still_to_do(*, user_id):
    own = with_progress(Case.objects.filter(Q(guider_id=user_id) | Q(co_worker_id=user_id)))
    own = own.not_restricted_from(user_id).filter(_still_to_do())
    return own.annotate(reference=F("referral__reference")).order_by("opened_on", "pk")


# On every guider's home page: compiled once, since building and compiling the progress
# annotations cost more than running them (core.compiled).
OWN_STILL_TO_DO = CompiledQuery(Case, _own_still_to_do, scalars=["user_id"])


def overdue_actions(*, user) -> list[Case]:
    """The cases the user guides or co-works whose next action is overdue (a red tag).

    Each has `progress` set, and `reference`, its referral's. Only the cases My cases lists
    can be overdue, and a guider has few, so their progress is worked out here in one query
    rather than in the database.
    """
    cases = attach_progress(OWN_STILL_TO_DO.all(user_id=user.pk))
    return [case for case in cases if case.progress.next_action.severity == Severity.URGENT]


def case_for_page(*, user, pk: int) -> Case:
    """A case the user may open, with what the case layout shows; 404 otherwise."""
    queryset = Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    return get_object_or_404(queryset, pk=pk)


def _overview_query(roles: frozenset[Role]) -> CompiledQuery:
    def build(*, viewer_id, pk, **dates):
        viewer = stand_in_viewer(viewer_id, roles)
        # A manager's scope is the cases near their limit: its dates are slots too.
        scope = Case.objects.visible_to(viewer, limits=NearLimitDates(**dates))
        cases = scope.select_related("referral", "guider", "co_worker").filter(pk=pk)
        return with_progress(cases)

    limits = ["warn_from", "filmed_by", "cycle_limit"]
    return CompiledQuery(
        Case,
        build,
        scalars=["viewer_id", "pk", "cycle_limit"],
        days=["warn_from", "filmed_by"],
        optional=limits,  # read by a manager's scope alone
    )


# One compiled query per set of roles (core.compiled), as for the limit counts: building and
# compiling the progress annotations cost more than running them.
_OVERVIEW: dict[frozenset[Role], CompiledQuery] = {}


def case_for_overview(*, user, pk: int) -> Case:
    """A case the user may open with its progress set, in a constant number of queries."""
    roles = user.roles
    query = _OVERVIEW.get(roles) or _OVERVIEW.setdefault(roles, _overview_query(roles))
    limits = NearLimitDates.on()
    dates = {"warn_from": limits.warn_from, "filmed_by": limits.filmed_by}
    found = query.loaded(viewer_id=user.pk, pk=pk, cycle_limit=limits.cycle_limit, **dates)
    if not found:
        raise Http404("No case matches the given query.")
    attach_progress(found)
    return found[0]


def timeline(*, case: Case) -> list[CaseEvent]:
    """The case's events, newest first, with who did each."""
    return list(case.events.select_related("actor").order_by("-occurred_at", "-pk"))

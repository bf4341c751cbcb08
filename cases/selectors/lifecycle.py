"""Reads for the case lifecycle: My cases, the case pages, who may change a case, its timeline."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Value, Window
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
    cases = case_list_of(Case.objects.visible_to(user))
    if every_case:
        return cases
    return cases.filter(_still_to_do())


def case_list_of(cases: QuerySet[Case]) -> QuerySet[Case]:
    """These cases with what a row of My cases shows, in My cases' order."""
    return with_progress(cases).select_related("referral", "guider", "co_worker")


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
    cases = attach_progress(OWN_STILL_TO_DO.loaded(user_id=user.pk))
    return [case for case in cases if case.progress.next_action.severity == Severity.URGENT]


def case_for_page(*, user, pk: int) -> Case:
    """A case the user may open, with what the case layout shows; 404 otherwise."""
    queryset = Case.objects.visible_to(user).select_related("referral", "guider", "co_worker")
    return get_object_or_404(queryset, pk=pk)


class _PerRoles:
    """One compiled query of a viewer's cases per set of their roles (core.compiled).

    `build(cases, **slots)` narrows Case.objects.visible_to(viewer); a manager's scope reads
    the day's near-limit dates, so they are slots too, unused for other roles.
    """

    def __init__(self, build, *, scalars=()):
        self.build, self.scalars = build, list(scalars)
        self._queries: dict[frozenset[Role], CompiledQuery] = {}

    def _query(self, roles: frozenset[Role]) -> CompiledQuery:
        def build(*, viewer_id, warn_from, filmed_by, cycle_limit, **slots):
            viewer = stand_in_viewer(viewer_id, roles)
            limits = NearLimitDates(warn_from, filmed_by, cycle_limit)
            return self.build(Case.objects.visible_to(viewer, limits=limits), **slots)

        return CompiledQuery(
            Case,
            build,
            scalars=["viewer_id", *self.scalars, "cycle_limit"],
            days=["warn_from", "filmed_by"],
            optional=["warn_from", "filmed_by", "cycle_limit"],  # a manager's scope alone
        )

    def bound(self, user, limits: NearLimitDates) -> tuple[CompiledQuery, dict]:
        """The user's compiled query and the slots their scope takes on the day of `limits`."""
        roles = user.roles
        query = self._queries.get(roles) or self._queries.setdefault(roles, self._query(roles))
        return query, {
            "viewer_id": user.pk,
            "warn_from": limits.warn_from,
            "filmed_by": limits.filmed_by,
            "cycle_limit": limits.cycle_limit,
        }


# Building and compiling the progress annotations cost more than running them.
_OVERVIEW = _PerRoles(
    lambda cases, *, pk: with_progress(
        cases.select_related("referral", "guider", "co_worker").filter(pk=pk)
    ),
    scalars=["pk"],
)


def case_for_overview(*, user, pk: int) -> Case:
    """A case the user may open with its progress set, in a constant number of queries."""
    query, slots = _OVERVIEW.bound(user, NearLimitDates.on())
    found = query.loaded(pk=pk, **slots)
    if not found:
        raise Http404("No case matches the given query.")
    attach_progress(found)
    return found[0]


def _own_list(cases: QuerySet[Case]) -> QuerySet[Case]:
    return case_list_of(cases).filter(_still_to_do())


# My cases for a guider: its count and its first page (most guiders' only page), compiled.
# Django writes a page's LIMIT and OFFSET into the SQL, so later pages are the ORM's. Each
# row of a page carries the count of the whole list (a window over it, counted before the
# LIMIT), so a page in range is one query: a count of its own was planned afresh every time
# (0.7 ms at a million referrals), PostgreSQL's generic plan costing a shade more.
_LISTED = "listed_in_all"
_OWN_COUNT = _PerRoles(
    lambda cases: (
        _own_list(cases).order_by().values(every=Value(True)).annotate(n=Count("pk")).values("n")
    )
)


def _counted(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.annotate(**{_LISTED: Window(Count("pk"))})


def _own_first_page(per_page: int) -> _PerRoles:
    return _PerRoles(lambda cases: _counted(_own_list(cases))[:per_page])


_OWN_FIRST_PAGES: dict[int, _PerRoles] = {}


def _own_page(user, limits: NearLimitDates, number: int, per_page: int) -> list[Case]:
    if number == 1:
        first = _OWN_FIRST_PAGES.get(per_page) or _OWN_FIRST_PAGES.setdefault(
            per_page, _own_first_page(per_page)
        )
        query, slots = first.bound(user, limits)
        return query.loaded(**slots)
    bottom = (number - 1) * per_page
    return list(_counted(case_list(user=user))[bottom : bottom + per_page])


def own_cases_page(*, user, number, per_page: int) -> Page:
    """A page of My cases for a guider (the open cases and footage still to delete), each
    case with its progress set; a page number out of range gives the nearest page, as
    Paginator.get_page does."""
    limits = NearLimitDates.on()
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    rows = _own_page(user, limits, number, per_page) if number >= 1 else []
    if rows or number == 1:
        count = getattr(rows[0], _LISTED) if rows else 0
    else:
        # Past the last page (or before the first): the last page, as Paginator.get_page.
        query, slots = _OWN_COUNT.bound(user, limits)
        count = query.value(0, **slots)
        number = max(1, -(-count // per_page))
        rows = _own_page(user, limits, number, per_page)
    # The count came with the rows, so the paginator needs no list of its own.
    paginator = Paginator([], per_page, allow_empty_first_page=True)
    paginator.count = count
    return Page(attach_progress(rows), number, paginator)


def timeline(*, case: Case) -> list[CaseEvent]:
    """The case's events, newest first, with who did each."""
    return list(case.events.select_related("actor").order_by("-occurred_at", "-pk"))

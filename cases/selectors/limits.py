"""Reads for limits and extensions: the limit now, requests, cases near their limit."""

from django.db.models import F, OuterRef, QuerySet

from cases import rules
from cases.cycle_facts import cycle_facts
from cases.models import Case, CaseExtension, CaseSettings, ExtensionRequest
from cases.querysets import NearLimitDates
from cases.selectors._common import _has
from vig_service.accounts.roles import Role
from vig_service.core.aggregates import count_of
from vig_service.core.compiled import CompiledQuery, rows_of, stand_in_viewer
from vig_service.core.sections import SINGLETON_ID

Request = ExtensionRequest


def limit_for(*, case: Case, cycles=None, settings: CaseSettings | None = None) -> rules.Limit:
    """The case's limit now: the service's, from its first filming, or the latest extension.

    Pass the case's cycles when they are already loaded, to save looking them up again.
    """
    settings = settings or CaseSettings.load()
    if cycles is None:
        first_filmed_on = cycle_facts().first_filmed_on(case.pk)
    else:
        filmed = [cycle.filmed_on for cycle in cycles if cycle.filmed_on]
        first_filmed_on = min(filmed) if filmed else None
    return rules.effective_limit(
        cycle_limit=settings.cycle_limit,
        month_limit=settings.month_limit,
        first_filmed_on=first_filmed_on,
        extensions=list(
            case.extensions.order_by("granted_at", "pk").values_list("cycle_limit", "ends_on")
        ),
    )


# On every case overview: compiled once (core.compiled), the case's id bound on each use.
_EXTENSIONS = rows_of(CaseExtension, "case_id", related=["granted_by"], order=["granted_at", "pk"])
_REQUESTS = rows_of(
    ExtensionRequest,
    "case_id",
    related=["requested_by", "decided_by"],
    order=["-decided_at", "-pk"],
)


def _of_case(rows: list, case: Case) -> list:
    for row in rows:
        row.case = case  # as the case's related manager would give them
    return rows


def extensions_for(*, case: Case) -> list[CaseExtension]:
    """The extensions granted to a case, oldest first, with who granted them."""
    return _of_case(_EXTENSIONS.loaded(case_id=case.pk), case)


def waiting_request_for(*, case: Case) -> ExtensionRequest | None:
    """The case's extension request waiting for a manager, with who asked; None if none."""
    return (
        case.extension_requests.select_related("requested_by")
        .filter(status=ExtensionRequest.Status.WAITING)
        .first()
    )


def last_decided_request_for(*, case: Case) -> ExtensionRequest | None:
    """The case's most recently decided extension request, with who asked and who decided."""
    return (
        case.extension_requests.select_related("requested_by", "decided_by")
        .exclude(status=ExtensionRequest.Status.WAITING)
        .order_by("-decided_at", "-pk")
        .first()
    )


def extension_requests_for(
    *, case: Case
) -> tuple[ExtensionRequest | None, ExtensionRequest | None]:
    """The case's request waiting for a manager and its last decided one, in one query."""
    requests = _of_case(_REQUESTS.loaded(case_id=case.pk), case)
    waiting = [r for r in requests if r.status == ExtensionRequest.Status.WAITING]
    decided = [r for r in requests if r.status != ExtensionRequest.Status.WAITING]
    return (waiting[0] if waiting else None), (decided[0] if decided else None)


def is_near_limit(*, case: Case) -> bool:
    """Whether the case is open and at its limit or within 4 weeks of its end date."""
    return Case.objects.near_limit().filter(pk=case.pk).exists()


def _limit_counts_query(roles: frozenset[Role]) -> CompiledQuery:
    def build(*, viewer_id, warn_from, filmed_by, cycle_limit):
        limits = NearLimitDates(warn_from, filmed_by, cycle_limit)
        cases = Case.objects.visible_to(stand_in_viewer(viewer_id, roles), limits=limits)
        return cases.limit_counts_query(limits)

    return CompiledQuery(
        Case, build, scalars=["viewer_id", "cycle_limit"], days=["warn_from", "filmed_by"]
    )


# One compiled query per set of roles (core.compiled): a case scope's shape follows the
# viewer's roles, and a manager's dates and the service's limits are its slots. Building it
# cost more than running it (6 of 11.5 ms for a manager's home page at a million referrals).
_LIMIT_COUNTS: dict[frozenset[Role], CompiledQuery] = {}


def _managers_counts(*, viewer_id, warn_from, filmed_by, cycle_limit):
    """A manager's limit counts: every case near its limit and every waiting request (a
    manager's scope holds them all, visible_to) less those restricted from the manager, so
    only the limit facts' indexes and the few restricted children's cases are read."""
    limits = NearLimitDates(warn_from, filmed_by, cycle_limit)
    near = Case.objects.near_limit_ids(limits)
    hidden = Case.objects.restricted_from(stand_in_viewer(viewer_id, frozenset({Role.MANAGER})))
    waiting = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.WAITING)
    # Hung from the service's one settings row: a query needs a table to select from.
    return (
        CaseSettings.objects.filter(pk=SINGLETON_ID)
        .annotate(
            near=count_of(near) - count_of(hidden.filter(pk__in=near)),
            waiting=count_of(waiting) - count_of(waiting.filter(case__in=hidden)),
        )
        .values_list("near", "waiting")
    )


_MANAGERS_COUNTS = CompiledQuery(
    CaseSettings,
    _managers_counts,
    scalars=["viewer_id", "cycle_limit"],
    days=["warn_from", "filmed_by"],
)


def limit_counts(*, user) -> dict[str, int]:
    """Case.objects.visible_to(user).limit_counts(): the user's open cases at or near their
    limit, and their extension requests waiting."""
    roles = user.roles
    if Role.MANAGER in roles:
        query = _MANAGERS_COUNTS
    else:
        query = _LIMIT_COUNTS.get(roles) or _LIMIT_COUNTS.setdefault(
            roles, _limit_counts_query(roles)
        )
    limits = NearLimitDates.on()
    near, waiting = query.rows(
        viewer_id=user.pk,
        warn_from=limits.warn_from,
        filmed_by=limits.filmed_by,
        cycle_limit=limits.cycle_limit,
    )[0]
    return {"near": near, "waiting": waiting}


def near_limit_cases(*, user, guider_id: int | None = None) -> QuerySet[Case]:
    """The open cases at or near their limit that the user may see, soonest limit first."""
    waiting = ExtensionRequest.objects.filter(case=OuterRef("pk"), status="waiting")
    cases = (
        Case.objects.visible_to(user)
        .near_limit()
        .select_related("referral", "guider", "co_worker")
        .annotate(request_waiting=_has(waiting))
        .order_by(F("limit_ends_on").asc(nulls_first=True), "pk")
    )
    if guider_id is not None:
        cases = cases.filter(guider_id=guider_id)
    return cases


def waiting_extension_requests(*, user) -> QuerySet[ExtensionRequest]:
    """The extension requests waiting for a decision on cases the user may see, oldest first."""
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.WAITING, case__in=Case.objects.visible_to(user)
        )
        .select_related("case__referral", "case__guider", "requested_by")
        .order_by("requested_at", "pk")
    )

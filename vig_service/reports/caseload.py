"""The caseload report's figures: a page of guiders (or all, for the download) and the whole
service's totals, in the same queries as before paging (docs/architecture.md, "Report
summaries")."""

from datetime import date, timedelta

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum, Value, Window

from cases.models import Case, CaseSettings
from cases.querysets import guider_capacity
from cycles.models import Cycle
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.reports.forms import DateRange
from vig_service.reports.queries import RECENT_CYCLE_DAYS, _grouped_count

GUIDERS_PER_PAGE = 50


def _guiders(settings: CaseSettings):
    """Active guiders and anyone still holding an open case, with capacity, by name."""
    in_role = User.groups.through.objects.filter(user=OuterRef("pk"), group__name=Role.GUIDER)
    holding = Case.objects.open().filter(guider=OuterRef("pk"))
    capacity = guider_capacity(settings.default_capacity)
    return (
        User.objects.filter(Q(is_active=True, pk__in=in_role.values("user")) | Exists(holding))
        .annotate(capacity=capacity)
        .order_by("full_name", "pk")
        .annotate(total=Window(Count("*")), total_capacity=Window(Sum(capacity)))
        .values_list("pk", "full_name", "capacity", "total", "total_capacity")
    )


def _page_and_total(queryset, key: str, ids: list[int] | None, **counts):
    """`counts` per guider (only `ids`, when given), and a row of the whole service's (key
    None), in one query."""
    per_guider = queryset.values(key).annotate(**counts)
    if ids is not None:
        per_guider = per_guider.filter(**{f"{key}__in": ids})
    whole = queryset.annotate(key=Value(None, output_field=IntegerField())).values("key")
    return per_guider.values_list(key, *counts).union(
        whole.annotate(**counts).values_list("key", *counts), all=True
    )


def _guiders_page(settings: CaseSettings, page: int) -> tuple[list[tuple], int]:
    offset = (page - 1) * GUIDERS_PER_PAGE
    rows = list(_guiders(settings)[offset : offset + GUIDERS_PER_PAGE])
    if not rows and page > 1:  # past the end (an old link): the first page instead
        return _guiders_page(settings, 1)
    return rows, page


def caseload_counts(date_range: DateRange, *, today: date, page: int | None = None) -> dict:
    """Per guider (a page of them, or all): open cases, capacity, recent cycles, cases near
    their limit, movement; and the same for the whole service.

    Open and near-limit cases are counted per guider for everyone (an index each); cycles and
    movement per guider for the page only, with the service's totals in the same query.
    """
    settings = CaseSettings.load()
    if page is None:
        guiders = list(_guiders(settings))
    else:
        guiders, page = _guiders_page(settings, page)
    ids = [row[0] for row in guiders] if page is not None else None
    by_guider = _grouped_count(Case.objects.open(), "guider_id")
    near = _grouped_count(Case.objects.near_limit(today=today, settings=settings), "guider_id")
    opened = Q(opened_on__gte=date_range.start, opened_on__lte=date_range.end)
    closed = Q(closed_on__gte=date_range.start, closed_on__lte=date_range.end)
    moved = Case.objects.filter(opened | closed).order_by()
    movement = {
        pk: {"opened": o, "closed": c}
        for pk, o, c in _page_and_total(
            moved,
            "guider_id",
            ids,
            opened=Count("pk", filter=opened),
            closed=Count("pk", filter=closed),
        )
    }
    recent = Cycle.objects.filter(filmed_on__gt=today - timedelta(days=RECENT_CYCLE_DAYS))
    cycles = dict(_page_and_total(recent.order_by(), "case__guider_id", ids, n=Count("pk")))
    first = guiders[0] if guiders else (None, None, None, 0, 0)
    return {
        "open": by_guider,
        "near": near,
        "movement": movement,
        "recent": cycles,
        "guiders": [row[:3] for row in guiders],
        "page": page,
        "service": {
            "guiders": first[3],
            "capacity": first[4] or 0,
            "open": sum(by_guider.values()),
            "near": sum(near.values()),
            "recent": cycles.pop(None, 0),
            **movement.pop(None, {"opened": 0, "closed": 0}),
        },
    }

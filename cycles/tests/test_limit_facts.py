"""The limit facts equal a fresh computation after any writes to cases, cycles and extensions,
and near_limit() read through them agrees with the limit rule (docs/architecture.md, "The
limit facts").
"""

from datetime import date, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import rules
from cases.configuration import CaseSettings
from cases.models import Case, CaseExtension, CaseLimitFacts
from cases.selectors.progress import progress_of, with_progress
from cases.tests.factories import ActiveCaseFactory, CaseExtensionFactory, ClosedCaseFactory
from cycles.models import Cycle

FIRST = date(2026, 3, 1)
DAYS = st.integers(min_value=0, max_value=400)
ROW = st.integers(min_value=0, max_value=30)

write = st.one_of(
    st.tuples(st.just("open"), st.booleans()),
    st.tuples(st.just("close"), ROW),
    st.tuples(st.just("reopen"), ROW),
    st.tuples(st.just("film"), ROW, DAYS),
    st.tuples(st.just("plan"), ROW),
    st.tuples(st.just("refilm"), ROW, DAYS),
    st.tuples(st.just("move"), ROW, ROW),
    st.tuples(st.just("uncycle"), ROW),
    st.tuples(st.just("extend"), ROW, DAYS, st.integers(1, 9), DAYS),
    st.tuples(st.just("regrant"), ROW, DAYS),
    st.tuples(st.just("unextend"), ROW),
    st.tuples(st.just("delete"), ROW),
)


def _pick(rows, index):
    rows = list(getattr(rows, "objects", rows).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _next_number(case) -> int:
    return max(case.cycles.values_list("number", flat=True), default=0) + 1


def _at(day: int) -> datetime:
    return timezone.make_aware(datetime.combine(FIRST + timedelta(days=day), datetime.min.time()))


def _apply(step) -> None:
    """One write through the ORM, as services and bulk updates make them."""
    kind, *args = step
    if kind == "open":
        (ClosedCaseFactory if args[0] else ActiveCaseFactory)()
    elif kind == "close" and (case := _pick(Case, args[0])):
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_on=FIRST, closure_reason="completed"
        )
    elif kind == "reopen" and (case := _pick(Case, args[0])):
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.ACTIVE, closed_on=None, closure_reason=""
        )
    elif kind in ("film", "plan") and (case := _pick(Case, args[0])):
        filmed_on = FIRST + timedelta(days=args[1]) if kind == "film" else None
        status = Cycle.Status.FILMED if filmed_on else Cycle.Status.PLANNED
        Cycle.objects.create(
            case=case, number=_next_number(case), status=status, filmed_on=filmed_on
        )
    elif kind == "refilm" and (cycle := _pick(Cycle.objects.exclude(filmed_on=None), args[0])):
        Cycle.objects.filter(pk=cycle.pk).update(filmed_on=FIRST + timedelta(days=args[1]))
    elif kind == "move" and (cycle := _pick(Cycle, args[0])) and (case := _pick(Case, args[1])):
        Cycle.objects.filter(pk=cycle.pk).update(case=case, number=_next_number(case) + 100)
    elif kind == "uncycle" and (cycle := _pick(Cycle, args[0])):
        cycle.delete()
    elif kind == "extend" and (case := _pick(Case, args[0])):
        CaseExtensionFactory(
            case=case,
            granted_at=_at(args[1]),
            cycle_limit=args[2],
            ends_on=FIRST + timedelta(days=args[3]),
        )
    elif kind == "regrant" and (extension := _pick(CaseExtension, args[0])):
        CaseExtension.objects.filter(pk=extension.pk).update(granted_at=_at(args[1]))
    elif kind == "unextend" and (extension := _pick(CaseExtension, args[0])):
        extension.delete()
    elif kind == "delete" and (case := _pick(Case, args[0])):
        case.delete()


def _fresh() -> dict[int, tuple]:
    """Each case's facts computed again from its rows, without the table."""
    facts = {}
    for case in Case.objects.prefetch_related("cycles", "extensions"):
        filmed = [cycle.filmed_on for cycle in case.cycles.all() if cycle.filmed_on]
        latest = max(case.extensions.all(), key=lambda e: (e.granted_at, e.pk), default=None)
        facts[case.pk] = (
            case.status != Case.Status.CLOSED,
            min(filmed, default=None),
            len(case.cycles.all()),
            latest.cycle_limit if latest else None,
            latest.ends_on if latest else None,
        )
    return facts


def _stored() -> dict[int, tuple]:
    fields = ("open", "first_filmed_on", "cycles_started")
    fields += ("extension_cycle_limit", "extension_ends_on")
    return {row[0]: row[1:] for row in CaseLimitFacts.objects.values_list("case_id", *fields)}


def _near_by_the_rule(today: date) -> set[int]:
    """The open cases near their limit, by rules.effective_limit over fresh facts."""
    config = CaseSettings.load()
    warn_from = today + timedelta(days=rules.LIMIT_WARNING_DAYS)
    near = set()
    for pk, (is_open, first_filmed_on, started, cycles, ends_on) in _fresh().items():
        limit = rules.effective_limit(
            cycle_limit=config.cycle_limit,
            month_limit=config.month_limit,
            first_filmed_on=first_filmed_on,
            extensions=[(cycles, ends_on)] if cycles is not None else [],
        )
        reached_date = limit.ends_on is not None and limit.ends_on <= warn_from
        if is_open and (started >= limit.cycles or reached_date):
            near.add(pk)
    return near


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(write, min_size=1, max_size=12), today=DAYS)
def test_limit_facts_equal_a_fresh_computation_after_any_writes(steps, today):
    """Whatever the writes, each case has one facts row equal to its own rows' facts, and
    near_limit() and the case page's progress find exactly the cases the rule says are near."""
    with transaction.atomic():
        for step in steps:
            _apply(step)
        assert _stored() == _fresh()
        day = FIRST + timedelta(days=today)
        near = set(Case.objects.near_limit(today=day).values_list("pk", flat=True))
        assert near == _near_by_the_rule(day)
        config = CaseSettings.load()
        pages = with_progress(Case.objects.all())
        assert near == {
            c.pk for c in pages if progress_of(c, settings=config, today=day).near_limit
        }
        transaction.set_rollback(True)

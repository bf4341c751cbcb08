"""The guiders' room equals a fresh count after any writes to cases, people, roles and
capacities (docs/architecture.md, "The limit facts")."""

from datetime import date

import pytest
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.configuration import CaseSettings, GuiderCapacity
from cases.models import Case, GuiderRoom
from cases.selectors import guiders_with_room
from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory, GuiderFactory
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.accounts.services import user_set_roles

ROW = st.integers(min_value=0, max_value=20)

write = st.one_of(
    st.tuples(st.just("guider"), st.booleans()),
    st.tuples(st.just("open"), ROW, st.booleans()),
    st.tuples(st.just("close"), ROW),
    st.tuples(st.just("reopen"), ROW),
    st.tuples(st.just("reassign"), ROW, ROW),
    st.tuples(st.just("delete case"), ROW),
    st.tuples(st.just("deactivate"), ROW),
    st.tuples(st.just("reactivate"), ROW),
    st.tuples(st.just("unrole"), ROW),
    st.tuples(st.just("rerole"), ROW),
    st.tuples(st.just("capacity"), ROW, st.integers(0, 9)),
    st.tuples(st.just("uncapacity"), ROW),
    st.tuples(st.just("delete person"), ROW),
)


def _pick(rows, index):
    rows = list(rows.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _people():
    return User.objects.filter(email__contains="guider")


def _apply(step) -> None:
    """One write through the ORM, as services, the admin and bulk updates make them."""
    kind, *args = step
    if kind == "guider":
        GuiderFactory(email=f"guider.{User.objects.count()}@example.org", is_active=args[0])
    elif kind == "open" and (guider := _pick(_people(), args[0])):
        (ClosedCaseFactory if args[1] else ActiveCaseFactory)(guider=guider)
    elif kind == "close" and (case := _pick(Case.objects, args[0])):
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_on=date(2026, 3, 1), closure_reason="completed"
        )
    elif kind == "reopen" and (case := _pick(Case.objects, args[0])):
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.ACTIVE, closed_on=None, closure_reason=""
        )
    elif kind == "reassign" and (case := _pick(Case.objects, args[0])):
        if guider := _pick(_people(), args[1]):
            case.guider = guider
            case.save()
    elif kind == "delete case" and (case := _pick(Case.objects, args[0])):
        Case.objects.filter(pk=case.pk).delete()
    elif kind in ("deactivate", "reactivate") and (person := _pick(_people(), args[0])):
        person.is_active = kind == "reactivate"
        person.save()
    elif kind in ("unrole", "rerole") and (person := _pick(_people(), args[0])):
        user_set_roles(user=person, roles=[Role.REFERRER] if kind == "unrole" else [Role.GUIDER])
    elif kind == "capacity" and (person := _pick(_people(), args[0])):
        GuiderCapacity.objects.update_or_create(guider=person, defaults={"capacity": args[1]})
    elif kind == "uncapacity" and (person := _pick(_people(), args[0])):
        GuiderCapacity.objects.filter(guider=person).delete()
    elif kind == "delete person" and (person := _pick(_people().filter(cases=None), args[0])):
        person.delete()


def _fresh() -> dict[int, tuple[int, int | None]]:
    """The room counted from the records, as the home page once did."""
    guiders = (
        User.objects.filter(is_active=True, groups__name=Role.GUIDER)
        .annotate(open=Count("cases", filter=~Q(cases__status=Case.Status.CLOSED), distinct=True))
        .values_list("pk", "open", "guider_capacity__capacity")
    )
    return {pk: (open_cases, capacity) for pk, open_cases, capacity in guiders}


def _kept() -> dict[int, tuple[int, int | None]]:
    rows = GuiderRoom.objects.values_list("guider_id", "open_cases", "capacity")
    return {pk: (open_cases, capacity) for pk, open_cases, capacity in rows}


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(write, min_size=1, max_size=25))
def test_the_room_kept_equals_a_fresh_count_after_any_writes(steps):
    GuiderRoom.objects.all().delete()  # each example starts from what it writes
    Case.objects.all().delete()
    _people().delete()
    for step in steps:
        _apply(step)
    assert _kept() == _fresh()
    default = CaseSettings.load().default_capacity
    room = sum(1 for cases, own in _fresh().values() if cases < (default if own is None else own))
    assert guiders_with_room() == (room, len(_fresh()))


@pytest.mark.django_db
def test_a_guider_leaves_and_rejoins_the_count_with_their_cases_and_capacity():
    guider = GuiderFactory()
    ActiveCaseFactory.create_batch(2, guider=guider)
    GuiderCapacity.objects.create(guider=guider, capacity=2)
    assert _kept() == {guider.pk: (2, 2)}
    assert guiders_with_room() == (0, 1)
    guider.is_active = False
    guider.save()
    assert _kept() == {}
    assert guiders_with_room() == (0, 0)
    guider.is_active = True
    guider.save()
    GuiderCapacity.objects.filter(guider=guider).update(capacity=3)
    assert _kept() == {guider.pk: (2, 3)}
    assert guiders_with_room() == (1, 1)

"""The status machine kit: the table, the one transition, its lock, version and event.

Tried on real models looked up by name (a case, which counts versions, and a course, which
does not), so core's tests import nothing from the layers above it.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vig_service.accounts.tests.factories import UserFactory
from vig_service.core.errors import DomainError
from vig_service.core.models import Event
from vig_service.core.transitions import StatusMachine, check_version, lock, transition


@pytest.fixture
def case(db):
    """An allocated case at version 1 (a case is opened by its referral's allocation)."""
    referral = apps.get_model("referrals", "Referral").objects.create(referrer=UserFactory())
    return apps.get_model("cases", "Case").objects.create(referral=referral, guider=UserFactory())


@pytest.fixture
def course(db):
    """A planned course, which has no version counter."""
    return apps.get_model("training", "Course").objects.create(kind="initial", venue="Truro")


def _for_update(queries) -> list[str]:
    return [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]


def test_an_allowed_move_saves_the_status_bumps_the_version_and_writes_its_event(case):
    """Allocated to contracting: saved, version 2, and one event saying from and to."""
    by = UserFactory()
    event = transition(case, to="contracting", by=by, action="contracting_started", note="Hi")
    case.refresh_from_db()
    assert (case.status, case.version) == ("contracting", 2)
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "allocated",
        "contracting",
        by,
        "Hi",
    )
    assert list(case.events.values_list("action", flat=True)) == ["contracting_started"]


def test_a_move_the_table_refuses_raises_the_models_error_and_writes_nothing(case):
    """Allocated cannot become active: the case's own words, no save, no event."""
    with pytest.raises(DomainError) as refused:
        transition(case, to="active", by=UserFactory(), action="intervention_started")
    assert refused.value.message == "A case that is allocated cannot become active."
    case.refresh_from_db()
    assert (case.status, case.version) == ("allocated", 1)
    assert not case.events.exists()


def test_a_page_loaded_at_an_older_version_is_refused_in_the_models_words(case):
    """Someone moved the case since the page was loaded: who, and nothing saved."""
    colleague = UserFactory(full_name="Cora Coordinator")
    transition(case, to="contracting", by=colleague, action="contracting_started")
    with pytest.raises(DomainError) as stale:
        transition(case, to="closed", by=UserFactory(), action="closed", expected_version=1)
    assert stale.value.message.startswith("This case was changed by Cora Coordinator at ")
    case.refresh_from_db()
    assert (case.status, case.version) == ("contracting", 2)


def test_the_version_check_passes_the_version_the_page_was_loaded_at(case):
    """The current version, or none given, is not stale."""
    check_version(case, 1)
    check_version(case, None)
    with pytest.raises(DomainError):
        check_version(case, 7)


def test_an_event_that_fails_rolls_the_status_back(case, monkeypatch):
    """Status and event are one transaction: no event, no move."""

    def broken(**kwargs):
        raise RuntimeError("the event table is gone")

    monkeypatch.setattr(case, "transition_event", broken)
    with pytest.raises(RuntimeError):
        transition(case, to="contracting", by=UserFactory(), action="contracting_started")
    case.refresh_from_db()
    assert (case.status, case.version) == ("allocated", 1)


def test_an_instance_not_locked_by_the_caller_is_locked_and_moves_from_the_rows_status(course):
    """A stale instance moves from the status in the database, under a row lock."""
    type(course).objects.filter(pk=course.pk).update(status="open")  # someone opened it
    assert course.status == "planned"
    with CaptureQueriesContext(connection) as queries:
        event = transition(course, to="delivered", by=UserFactory(), action="course_status")
    assert len(_for_update(queries.captured_queries)) == 1
    assert (event.from_status, event.to_status) == ("open", "delivered")
    assert event.note == "Open for enrolment to delivered"
    course.refresh_from_db()
    assert course.status == "delivered"


def test_an_instance_fetched_with_lock_is_not_locked_again(course):
    """lock() takes the row lock once; the transition does not ask for it a second time."""
    with CaptureQueriesContext(connection) as queries:
        locked = lock(type(course).objects, pk=course.pk)
        transition(locked, to="open", by=UserFactory(), action="course_status")
    assert len(_for_update(queries.captured_queries)) == 1


def test_can_become_reads_the_models_table(course):
    """The one can_become answers from the model's own TRANSITIONS."""
    assert course.can_become("open")
    assert not course.can_become("closed")
    assert isinstance(course, StatusMachine)


def test_every_status_machine_table_names_only_its_own_statuses():
    """A typo in a table would make a move impossible, so each entry is a real status."""
    machines = [m for m in apps.get_models() if issubclass(m, StatusMachine)]
    assert len(machines) >= 5  # referral, case, extension request, cycle, course
    for model in machines:
        statuses = set(dict(model._meta.get_field("status").flatchoices))
        assert set(model.TRANSITIONS) == statuses, model
        for targets in model.TRANSITIONS.values():
            assert set(targets) <= statuses, model


def test_every_timeline_has_an_action_enum_that_fits_its_field():
    """action_label has no fallback, so every event model names its actions."""
    timelines = [m for m in apps.get_models() if issubclass(m, Event)]
    assert len(timelines) >= 5
    for model in timelines:
        assert model.Action.values, model
        assert max(map(len, model.Action.values)) <= model._meta.get_field("action").max_length

"""Planning, changing and recording appointments: every rule refused in words, nothing lost."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases.models import CaseEvent
from cases.tests.factories import ClosedCaseFactory
from cycles.tests.factories import CycleFactory, FilmedCycleFactory
from diary import services
from diary.errors import DiaryError
from diary.forms import AppointmentForm
from diary.models import Appointment
from diary.tests.factories import FilmingAppointmentFactory


def _at(days: int, hour: int):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))


def _plan(cycle, **overrides):
    values = {
        "by": cycle.case.guider,
        "kind": Appointment.Kind.FILMING,
        "cycle_id": cycle.pk,
        "starts_at": _at(2, 10),
        "ends_at": _at(2, 11),
        "place": Appointment.Place.HOME,
        "staff": [cycle.case.guider],
    }
    return services.appointment_plan(**{**values, **overrides})


def test_planning_a_filming_puts_a_line_on_the_case_timeline(db):
    """The case's timeline says what was planned and when, by reference, never a name."""
    cycle = CycleFactory()
    appointment = _plan(cycle)
    assert appointment.case == cycle.case
    line = CaseEvent.objects.get(case=cycle.case, action="appointment_planned")
    assert line.note.startswith(f"Filming, cycle {cycle.number} – {cycle.case.referral.reference}")
    assert cycle.case.referral.child_first_name not in line.note


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_at": _at(-1, 10), "ends_at": _at(-1, 11)},
            "The start time must be in the future",
        ),
        ({"ends_at": _at(2, 9)}, "The end time must be after the start time"),
        ({"ends_at": _at(3, 11)}, "12 hours long at most"),
        ({"place": Appointment.Place.OTHER}, "Say where the appointment is"),
        ({"staff": []}, "Choose who from the service is going"),
    ],
)
def test_a_bad_appointment_is_refused_in_words_and_nothing_is_saved(db, overrides, message):
    cycle = CycleFactory()
    with pytest.raises(DiaryError, match=message):
        _plan(cycle, **overrides)
    assert not Appointment.objects.exists()


def test_a_filming_cannot_be_planned_for_a_cycle_already_filmed(db):
    """Each cycle is filmed once; its shared review is what comes next."""
    cycle = FilmedCycleFactory()
    with pytest.raises(DiaryError, match="cannot be planned"):
        _plan(cycle)
    review = _plan(cycle, kind=Appointment.Kind.SHARED_REVIEW)
    assert review.kind == "shared_review"


def test_nothing_can_be_planned_for_a_closed_case(db):
    case = ClosedCaseFactory()
    with pytest.raises(DiaryError, match="closed"):
        services.appointment_plan(
            by=case.guider,
            kind=Appointment.Kind.INITIAL_VISIT,
            case_id=case.pk,
            starts_at=_at(2, 10),
            ends_at=_at(2, 11),
            place=Appointment.Place.HOME,
            staff=[case.guider],
        )


def test_an_appointment_is_held_only_once_its_time_has_come(db):
    appointment = FilmingAppointmentFactory()
    with pytest.raises(DiaryError, match="cannot be marked as held yet"):
        services.appointment_hold(
            appointment_id=appointment.pk, by=appointment.case.guider, expected_version=1
        )
    with time_machine.travel(appointment.ends_at + timedelta(minutes=5)):
        held = services.appointment_hold(
            appointment_id=appointment.pk, by=appointment.case.guider, expected_version=1
        )
    assert held.status == "held"
    assert CaseEvent.objects.filter(case=appointment.case, action="appointment_held").exists()
    assert held.events.filter(action="appointment_held", from_status="planned").exists()


def test_cancelling_needs_a_reason_and_a_cancelled_appointment_cannot_be_held(db):
    appointment = FilmingAppointmentFactory()
    by = appointment.case.guider
    with pytest.raises(DiaryError, match="Say why the appointment cancelled"):
        services.appointment_close(
            appointment_id=appointment.pk, by=by, to="cancelled", reason=" ", expected_version=1
        )
    services.appointment_close(
        appointment_id=appointment.pk,
        by=by,
        to="cancelled",
        reason="Mum unwell",
        expected_version=1,
    )
    later = time_machine.travel(appointment.ends_at + timedelta(hours=1))
    refused = pytest.raises(DiaryError, match="is cancelled, so it cannot be marked as held")
    with later, refused:
        services.appointment_hold(appointment_id=appointment.pk, by=by, expected_version=2)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.reason) == ("cancelled", "Mum unwell")


def test_two_people_moving_the_same_appointment_the_second_is_refused(db):
    """A page loaded before someone else's change is refused, and says so."""
    appointment = FilmingAppointmentFactory()
    by = appointment.case.guider
    common = {"place": "home", "staff": [by], "appointment_id": appointment.pk, "by": by}
    services.appointment_change(
        **common, expected_version=1, starts_at=_at(3, 10), ends_at=_at(3, 11)
    )
    with pytest.raises(DiaryError, match="changed by someone else"):
        services.appointment_change(
            **common, expected_version=1, starts_at=_at(4, 10), ends_at=_at(4, 11)
        )
    appointment.refresh_from_db()
    assert appointment.starts_at == _at(3, 10)


def test_a_held_appointment_for_a_case_closed_meanwhile_is_refused(db):
    appointment = FilmingAppointmentFactory()
    type(appointment.case).objects.filter(pk=appointment.case_id).update(
        status="closed", closed_on=timezone.localdate(), closure_reason="completed"
    )
    later = time_machine.travel(appointment.ends_at + timedelta(hours=1))
    with later, pytest.raises(DiaryError, match="closed"):
        services.appointment_hold(
            appointment_id=appointment.pk, by=appointment.case.guider, expected_version=1
        )


def test_the_database_refuses_an_end_before_the_start(db):
    appointment = FilmingAppointmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=appointment.pk).update(ends_at=appointment.starts_at)


def test_across_the_clock_change_times_are_stored_in_utc_and_read_in_uk_time(db):
    """Sunday 25 October 2026: 1:30am happens twice; a planned 10am stays 10am UK time."""
    cycle = CycleFactory()
    with time_machine.travel("2026-10-20 09:00Z"):
        start = timezone.make_aware(timezone.datetime(2026, 10, 26, 10))
        appointment = _plan(cycle, starts_at=start, ends_at=start + timedelta(hours=1))
    appointment.refresh_from_db()
    assert appointment.starts_at.utcoffset() == timedelta(0)
    assert appointment.starts_at.hour == 10  # GMT again after the change
    assert timezone.localtime(appointment.starts_at).hour == 10


def test_an_appointment_on_29_february_is_planned_in_a_leap_year(db):
    """29 February 2028 exists; the form refuses 29 February 2027 as an impossible date."""
    cycle = CycleFactory()
    with time_machine.travel("2028-02-01 09:00Z"):
        start = timezone.make_aware(timezone.datetime(2028, 2, 29, 10))
        appointment = _plan(cycle, starts_at=start, ends_at=start + timedelta(hours=1))
    assert timezone.localtime(appointment.starts_at).date().isoformat() == "2028-02-29"


def test_the_form_refuses_29_february_in_a_year_without_one(db):
    guider = CycleFactory().case.guider
    form = AppointmentForm(
        {
            "kind": "other",
            "day_0": "29",
            "day_1": "2",
            "day_2": "2027",
            "starts": "10:00",
            "ends": "11:00",
            "place": "online",
            "staff": [guider.pk],
        },
        kinds=["other"],
        people=[guider],
    )
    assert not form.is_valid()
    assert "day" in form.errors

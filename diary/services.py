"""Writes to the diary: plan, change, hold, cancel, did not attend; each with its event."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.services import CLOSED_MESSAGE
from cycles.errors import CycleError
from cycles.models import Cycle
from cycles.services import cycle_start
from diary import rules
from diary.errors import DiaryError
from diary.models import (
    CASE_KINDS,
    CYCLE_KINDS,
    Appointment,
    AppointmentEventAction,
    CalendarFeed,
    Place,
    new_token,
    record_event,
)
from vig_service.accounts.models import User
from vig_service.core.errors import RuleBroken
from vig_service.core.transitions import check_version, lock, transition

Status = Appointment.Status
Kind = Appointment.Kind
# The cycle statuses an appointment of each kind can be planned in.
CYCLE_READY = {
    Kind.FILMING: {Cycle.Status.PLANNED},
    Kind.SHARED_REVIEW: {Cycle.Status.FILMED, Cycle.Status.EDITED},
}


def _check(rule, **kwargs) -> None:
    try:
        rule(**kwargs)
    except RuleBroken as broken:
        raise DiaryError(broken.message, field=broken.field) from None


def _for_update():
    # Only the appointment's row is locked: its case and cycle are read with it (outer joins).
    return Appointment.objects.select_for_update(of=("self",)).select_related(
        "case__referral", "cycle"
    )


def _when(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at)
    end = timezone.localtime(appointment.ends_at)
    return f"{appointment.title}, {start:%-d %B %Y, %H:%M}–{end:%H:%M}"


def _link(*, kind: str, case_id, cycle_id, course_id, trainee_id) -> dict:
    """The record the appointment is for, checked: an open case, a cycle ready for this kind."""
    cycle = case = None
    if cycle_id is not None:
        cycle = Cycle.objects.select_related("case").get(pk=cycle_id)
        case = cycle.case
    elif case_id is not None:
        case = Case.objects.get(pk=case_id)
    if kind in CASE_KINDS and case is None:
        raise DiaryError("Choose the case this appointment is for")
    if kind in CYCLE_KINDS:
        if cycle is None:
            raise DiaryError(
                "Start the cycle on the case's Cycles tab before you plan its "
                f"{Kind(kind).label.lower()}"
            )
        if cycle.status not in CYCLE_READY[kind]:
            raise DiaryError(
                f"Cycle {cycle.number} is “{cycle.get_status_display()}”, so its "
                f"{Kind(kind).label.lower()} cannot be planned"
            )
    if case is not None and case.status == Case.Status.CLOSED:
        raise DiaryError(CLOSED_MESSAGE)
    if kind == Kind.COURSE_DAY and course_id is None:
        raise DiaryError("Choose the course")
    return {"case": case, "cycle": cycle, "course_id": course_id, "trainee_id": trainee_id}


def _check_details(*, starts_at, ends_at, place, place_detail, staff) -> None:
    _check(rules.check_times, starts_at=starts_at, ends_at=ends_at)
    if place == Place.OTHER and not place_detail.strip():
        raise DiaryError("Say where the appointment is", field="place_detail")
    if not staff:
        raise DiaryError("Choose who from the service is going", field="staff")


@transaction.atomic
def appointment_plan(
    *,
    by: User,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    staff: list[User],
    place_detail: str = "",
    family_attending: str = "",
    notes: str = "",
    case_id: int | None = None,
    cycle_id: int | None = None,
    course_id: int | None = None,
    trainee_id: int | None = None,
    start_cycle: bool = False,
) -> Appointment:
    """Plan an appointment in the future, for a case, a cycle, a course or a supervisee.

    `start_cycle` plans a filming by starting the case's next cycle, within its limit.
    """
    _check(rules.check_planned_ahead, starts_at=starts_at, now=timezone.now())
    _check_details(
        starts_at=starts_at, ends_at=ends_at, place=place, place_detail=place_detail, staff=staff
    )
    if start_cycle and kind == Kind.FILMING and case_id is not None:
        try:
            cycle_id = cycle_start(case_id=case_id, by=by).pk
        except CycleError as refused:
            raise DiaryError(refused.message) from None
    link = _link(
        kind=kind, case_id=case_id, cycle_id=cycle_id, course_id=course_id, trainee_id=trainee_id
    )
    appointment = Appointment.objects.create(
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        place_detail=place_detail.strip(),
        family_attending=family_attending.strip(),
        notes=notes.strip(),
        planned_by=by,
        **link,
    )
    appointment.staff.set(staff)
    record_event(
        appointment, by=by, action=AppointmentEventAction.PLANNED, note=_when(appointment)
    )
    return appointment


@transaction.atomic
def appointment_change(
    *,
    appointment_id: int,
    by: User,
    expected_version: int,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    staff: list[User],
    place_detail: str = "",
    family_attending: str = "",
    notes: str = "",
) -> Appointment:
    """Move or change a planned appointment, refusing a page loaded before another change."""
    appointment = lock(_for_update(), pk=appointment_id)
    check_version(appointment, expected_version)
    if appointment.status != Status.PLANNED:
        raise DiaryError(
            f"This appointment is {appointment.get_status_display().lower()}, "
            "so it can no longer be changed"
        )
    _check(rules.check_planned_ahead, starts_at=starts_at, now=timezone.now())
    _check_details(
        starts_at=starts_at, ends_at=ends_at, place=place, place_detail=place_detail, staff=staff
    )
    appointment.starts_at, appointment.ends_at = starts_at, ends_at
    appointment.place, appointment.place_detail = place, place_detail.strip()
    appointment.family_attending, appointment.notes = family_attending.strip(), notes.strip()
    appointment.version += 1
    appointment.save()
    appointment.staff.set(staff)
    record_event(
        appointment, by=by, action=AppointmentEventAction.CHANGED, note=_when(appointment)
    )
    return appointment


def _outcome(appointment_id, *, by, to, action, expected_version, reason="") -> Appointment:
    appointment = lock(_for_update(), pk=appointment_id)
    check_version(appointment, expected_version)
    if appointment.case_id and appointment.case.status == Case.Status.CLOSED:
        raise DiaryError(CLOSED_MESSAGE)
    appointment.reason = reason
    note = _when(appointment) + (f": {reason}" if reason else "")
    transition(
        appointment,
        to=to,
        by=by,
        action=action,
        note=note,
        fields=["reason"],
        expected_version=expected_version,
    )
    return appointment


@transaction.atomic
def appointment_hold(*, appointment_id: int, by: User, expected_version: int) -> Appointment:
    """Record that a planned appointment took place, once its time has come."""
    starts_at = Appointment.objects.values_list("starts_at", flat=True).get(pk=appointment_id)
    _check(rules.check_can_hold, starts_at=starts_at, now=timezone.now())
    return _outcome(
        appointment_id,
        by=by,
        to=Status.HELD,
        action=AppointmentEventAction.HELD,
        expected_version=expected_version,
    )


@transaction.atomic
def appointment_close(
    *, appointment_id: int, by: User, to: str, reason: str, expected_version: int
) -> Appointment:
    """Cancel an appointment, or record that the family did not attend; both say why."""
    reason = (reason or "").strip()
    if not reason:
        word = "cancelled" if to == Status.CANCELLED else "did not go ahead"
        raise DiaryError(f"Say why the appointment {word}", field="reason")
    action = {
        Status.CANCELLED: AppointmentEventAction.CANCELLED,
        Status.DID_NOT_ATTEND: AppointmentEventAction.MISSED,
    }[to]
    return _outcome(
        appointment_id,
        by=by,
        to=to,
        action=action,
        expected_version=expected_version,
        reason=reason[:500],
    )


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Give the user a new feed address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.created_at = timezone.now()
        feed.last_used_at = None
        feed.save()
    return feed


def calendar_feed_revoke(*, user: User) -> None:
    """Stop the user's feed; its address is a 404 from now on."""
    CalendarFeed.objects.filter(user=user).delete()

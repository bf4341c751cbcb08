"""Attendance writes: the register for a course day, and a make-up of a missed day."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from training import rules
from training.errors import TrainingError
from training.models import Attendance, CourseDay, TrainingEvent
from training.services._common import CourseStatus, _check, _event, _lock_course
from vig_service.accounts.models import User


@transaction.atomic
def attendance_record(*, day_id: int, by: User, attended_ids) -> list[Attendance]:
    """Record who attended a course day: everyone enrolled is marked present or absent."""
    course_id = CourseDay.objects.values_list("course_id", flat=True).get(pk=day_id)
    course = _lock_course(course_id)
    if course.status in (CourseStatus.PLANNED, CourseStatus.CLOSED):
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so attendance cannot be "
            "recorded"
        )
    day = course.days.get(pk=day_id)
    first_day = course.days.order_by("number").first()
    _check(
        rules.check_attendance_day,
        day_date=day.date,
        first_day=first_day.date,
        today=timezone.localdate(),
        number=day.number,
    )
    attended_ids = {int(pk) for pk in attended_ids}
    enrolments = list(course.enrolments.enrolled())
    if attended_ids - {e.pk for e in enrolments}:
        raise TrainingError("Choose only people enrolled on this course")
    existing = {a.enrolment_id: a for a in day.attendances.select_for_update()}
    saved = []
    for enrolment in enrolments:
        attended = enrolment.pk in attended_ids
        attendance = existing.get(enrolment.pk)
        if attendance is None:
            attendance = Attendance.objects.create(
                enrolment=enrolment, day=day, attended=attended, recorded_by=by
            )
        elif attendance.attended != attended:
            attendance.attended = attended
            if attended:
                attendance.made_up_on = None
            attendance.recorded_by = by
            attendance.save(update_fields=["attended", "made_up_on", "recorded_by", "updated_at"])
        saved.append(attendance)
    present = sum(1 for a in saved if a.attended)
    _event(
        by=by,
        action=TrainingEvent.Action.ATTENDANCE_RECORDED,
        course=course,
        note=f"Day {day.number}: {present} of {len(saved)} attended",
    )
    return saved


@transaction.atomic
def attendance_make_up(
    *, enrolment_id: int, day_id: int, by: User, made_up_on: date
) -> Attendance:
    """Record that a participant made up a day they missed."""
    course_id = CourseDay.objects.values_list("course_id", flat=True).get(pk=day_id)
    course = _lock_course(course_id)
    day = course.days.get(pk=day_id)
    enrolment = course.enrolments.get(pk=enrolment_id)
    attendance = Attendance.objects.filter(enrolment=enrolment, day=day).first()
    if attendance is None:
        raise TrainingError(f"Record the attendance for day {day.number} first")
    if attendance.attended:
        raise TrainingError(f"{enrolment.full_name} attended day {day.number}: nothing to make up")
    _check(
        rules.check_make_up, made_up_on=made_up_on, day_date=day.date, today=timezone.localdate()
    )
    attendance.made_up_on = made_up_on
    attendance.recorded_by = by
    attendance.save(update_fields=["made_up_on", "recorded_by", "updated_at"])
    _event(
        by=by,
        action=TrainingEvent.Action.MADE_UP,
        course=course,
        enrolment=enrolment,
        note=f"{enrolment.full_name} made up day {day.number} on {rules.long_date(made_up_on)}",
    )
    return attendance

"""Course writes: plan a course, change its details and days, open, deliver and close it."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from training import rules
from training.configuration import TrainingSettings
from training.errors import TrainingError
from training.models import Course, CourseDay, Enrolment, TrainingEvent
from training.services._common import (
    COURSE_STATUS,
    CourseStatus,
    _check,
    _event,
    _full_clean,
    _lock_course,
)
from training.services.enrolment import _fill_places
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.transitions import transition


def _check_trainers(trainers) -> list[User]:
    trainers = list(trainers or [])
    for trainer in trainers:
        if not trainer.is_active or not trainer.has_role(Role.SUPERVISOR):
            raise TrainingError(f"{trainer} cannot train on a course: choose a supervisor")
    return trainers


def _set_days(course: Course, day_dates: list[date]) -> None:
    """Give the course exactly these days, keeping days (and their attendance) that remain."""
    existing = {day.number: day for day in course.days.all()}
    for number, day_date in enumerate(day_dates, start=1):
        day = existing.pop(number, None)
        if day is None:
            CourseDay.objects.create(course=course, number=number, date=day_date)
        elif day.date != day_date:
            day.date = day_date
            day.save(update_fields=["date"])
    for day in existing.values():
        if day.attendances.exists():
            raise TrainingError(
                f"Day {day.number} has attendance recorded, so it cannot be removed"
            )
        day.delete()


@transaction.atomic
def course_create(
    *,
    by: User,
    kind: str,
    venue: str,
    day_dates: list[date],
    capacity: int | None = None,
    trainers=(),
    notes: str = "",
) -> Course:
    """Plan a course with its days in order; places default to the configured number."""
    _check(rules.check_day_dates, list(day_dates))
    if capacity is None:
        capacity = TrainingSettings.load().course_capacity
    _check(rules.check_capacity, capacity=capacity, enrolled=0)
    course = Course(kind=kind, venue=(venue or "").strip(), capacity=capacity, notes=notes)
    _full_clean(course)
    course.save()
    course.trainers.set(_check_trainers(trainers))
    _set_days(course, list(day_dates))
    _event(
        by=by,
        action=TrainingEvent.Action.COURSE_CREATED,
        course=course,
        to_status=course.status,
        note=f"{course.get_kind_display()} at {course.venue}, {rules.counted(capacity, 'place')}",
    )
    return course


@transaction.atomic
def course_update(
    *,
    course_id: int,
    by: User,
    kind: str,
    venue: str,
    day_dates: list[date],
    capacity: int,
    trainers=(),
    notes: str = "",
) -> tuple[Course, list[Enrolment]]:
    """Change a course's details; more places promote people waiting. Returns who moved up."""
    course = _lock_course(course_id)
    if course.status == CourseStatus.CLOSED:
        raise TrainingError("This course is closed, so it can no longer be changed")
    _check(rules.check_day_dates, list(day_dates))
    enrolled = course.enrolments.enrolled().count()
    _check(rules.check_capacity, capacity=capacity, enrolled=enrolled)
    course.kind, course.venue, course.capacity, course.notes = kind, venue.strip(), capacity, notes
    _full_clean(course)
    course.save(update_fields=["kind", "venue", "capacity", "notes", "updated_at"])
    course.trainers.set(_check_trainers(trainers))
    _set_days(course, list(day_dates))
    _event(by=by, action=TrainingEvent.Action.COURSE_CHANGED, course=course, note="Details saved")
    promoted = _fill_places(course, by=by)
    return course, promoted


@transaction.atomic
def course_open(*, course_id: int, by: User) -> Course:
    """Open a planned course for enrolment."""
    course = _lock_course(course_id)
    transition(course, to=CourseStatus.OPEN, by=by, action=COURSE_STATUS)
    return course


@transaction.atomic
def course_mark_delivered(*, course_id: int, by: User) -> Course:
    """Record that the course took place; only once its last day has come."""
    course = _lock_course(course_id)
    last = course.days.aggregate(last=Max("date"))["last"]
    if course.can_become(CourseStatus.DELIVERED) and last and last > timezone.localdate():
        raise TrainingError(
            "The course cannot be marked as delivered before its last day "
            f"({rules.long_date(last)})"
        )
    transition(course, to=CourseStatus.DELIVERED, by=by, action=COURSE_STATUS)
    return course


@transaction.atomic
def course_close(*, course_id: int, by: User) -> Course:
    """Close a delivered course: its register is final."""
    course = _lock_course(course_id)
    transition(course, to=CourseStatus.CLOSED, by=by, action=COURSE_STATUS)
    return course


COURSE_MOVES = {
    CourseStatus.OPEN: course_open,
    CourseStatus.DELIVERED: course_mark_delivered,
    CourseStatus.CLOSED: course_close,
}

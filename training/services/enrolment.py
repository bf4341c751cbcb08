"""Enrolment writes: a place or the waiting list, withdrawal, moving up into freed places."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from training import rules
from training.errors import TrainingError
from training.models import Course, Enrolment, TrainingEvent
from training.services._common import (
    CourseStatus,
    EnrolmentStatus,
    _event,
    _full_clean,
    _lock_course,
)
from vig_service.accounts.models import User


def _check_enrolling(course: Course) -> None:
    if course.status == CourseStatus.PLANNED:
        raise TrainingError("Open the course for enrolment before you enrol anyone")
    if course.status != CourseStatus.OPEN:
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so nobody can be enrolled"
        )


def _fill_places(course: Course, *, by) -> list[Enrolment]:
    """Offer free places to the first people on the waiting list, in order."""
    promoted = []
    if course.status == CourseStatus.OPEN:
        free = course.capacity - course.enrolments.enrolled().count()
        for enrolment in list(course.enrolments.waiting()[: max(free, 0)]):
            enrolment.status = EnrolmentStatus.ENROLLED
            enrolment.promoted_at = timezone.now()
            enrolment.save(update_fields=["status", "promoted_at"])
            _event(
                by=by,
                action=TrainingEvent.Action.PROMOTED,
                course=course,
                enrolment=enrolment,
                from_status=EnrolmentStatus.WAITING,
                to_status=EnrolmentStatus.ENROLLED,
                note=f"{enrolment.full_name} moved up from the waiting list and has a place",
            )
            promoted.append(enrolment)
    return promoted


@transaction.atomic
def enrolment_add(
    *,
    course_id: int,
    by: User,
    full_name: str,
    email: str,
    profession: str,
    organisation: str,
    user: User | None = None,
) -> Enrolment:
    """Enrol someone: a place while there is one, otherwise the end of the waiting list."""
    course = _lock_course(course_id)
    _check_enrolling(course)
    email = (email or "").strip().lower()
    existing = course.enrolments.current().filter(email__iexact=email).first()
    if existing is not None:
        where = "on the waiting list for" if existing.status == "waiting" else "enrolled on"
        raise TrainingError(f"{existing.full_name} ({email}) is already {where} this course")
    if user is None:
        # Someone who is a user here is linked to their enrolment by their address, compared
        # in the one normalised form (never iexact: PostgreSQL's UPPER() turns ı into I).
        user = User.objects.by_email(email).first()
    enrolled = course.enrolments.enrolled().count()
    status = rules.place_for(enrolled=enrolled, capacity=course.capacity)
    enrolment = Enrolment(
        course=course,
        full_name=(full_name or "").strip(),
        email=email,
        profession=(profession or "").strip(),
        organisation=(organisation or "").strip(),
        user=user,
        status=status,
    )
    _full_clean(enrolment, validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as clash:
        # The database refuses a second current enrolment for the same address.
        raise TrainingError(f"{email} is already enrolled on this course") from clash
    # Counted under the course's lock, so two people joining at once get different numbers.
    position = enrolment.waiting_position
    _event(
        by=by,
        action=(
            TrainingEvent.Action.ENROLLED
            if status == EnrolmentStatus.ENROLLED
            else TrainingEvent.Action.WAITLISTED
        ),
        course=course,
        enrolment=enrolment,
        to_status=status,
        note=enrolment.full_name
        + (f", number {position} on the waiting list" if position else ""),
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(
    *, enrolment_id: int, by: User, reason: str = ""
) -> tuple[Enrolment, list[Enrolment]]:
    """Withdraw someone; a place they free goes to the first on the waiting list.

    Returns the withdrawn enrolment and whoever moved up.
    """
    course_id = Enrolment.objects.values_list("course_id", flat=True).get(pk=enrolment_id)
    course = _lock_course(course_id)
    enrolment = course.enrolments.select_for_update().get(pk=enrolment_id)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise TrainingError(f"{enrolment.full_name} has already withdrawn")
    if course.status not in (CourseStatus.PLANNED, CourseStatus.OPEN):
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so nobody can withdraw"
        )
    before = enrolment.status
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.withdrawn_reason = (reason or "").strip()
    enrolment.save(update_fields=["status", "withdrawn_reason"])
    _event(
        by=by,
        action=TrainingEvent.Action.WITHDRAWN,
        course=course,
        enrolment=enrolment,
        from_status=before,
        to_status=EnrolmentStatus.WITHDRAWN,
        note=enrolment.full_name + (f": {enrolment.withdrawn_reason}" if reason else ""),
    )
    promoted = _fill_places(course, by=by)
    return enrolment, promoted

"""What the training writes share: refusals as TrainingError, the event row, the course lock."""

from django.core.exceptions import ValidationError

from training import rules
from training.errors import TrainingError
from training.models import Course, Enrolment, TrainingEvent
from vig_service.core.transitions import lock

CourseStatus = Course.Status
EnrolmentStatus = Enrolment.Status
COURSE_STATUS = TrainingEvent.Action.COURSE_STATUS


def _check(rule, *args, **kwargs):
    """Apply a pure rule, turning its refusal into a TrainingError."""
    try:
        return rule(*args, **kwargs)
    except rules.RuleBroken as broken:
        raise TrainingError(broken.message) from broken


def _full_clean(instance, **kwargs) -> None:
    """Model validation as a last guard; forms give the friendlier messages first."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as invalid:
        raise TrainingError(" ".join(invalid.messages)) from invalid


def _event(*, by, action, course=None, enrolment=None, trainee=None, note="", **statuses):
    return TrainingEvent.objects.create(
        actor=by,
        action=action,
        course=course,
        enrolment=enrolment,
        trainee=trainee,
        note=note,
        from_status=statuses.get("from_status", ""),
        to_status=statuses.get("to_status", ""),
    )


def _lock_course(course_id: int) -> Course:
    """Lock the course row: places, the waiting list and the register all depend on it."""
    return lock(Course.objects, pk=course_id)

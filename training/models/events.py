"""The timeline of courses and trainees."""

from django.db import models

from training.models.courses import Course
from training.models.enrolment import Enrolment
from training.models.trainees import Trainee
from vig_service.core.models import Event, actions_check


class TrainingEventAction(models.TextChoices):
    """What a line of a course's or trainee's timeline records."""

    COURSE_CREATED = "course_created", "Course created"
    COURSE_CHANGED = "course_changed", "Course changed"
    COURSE_STATUS = "course_status", "Course status changed"
    ENROLLED = "enrolled", "Enrolled"
    WAITLISTED = "waitlisted", "Put on the waiting list"
    WITHDRAWN = "withdrawn", "Withdrawn"
    PROMOTED = "promoted", "Moved up from the waiting list"
    ATTENDANCE_RECORDED = "attendance_recorded", "Attendance recorded"
    MADE_UP = "made_up", "Missed day made up"
    TRAINEE_ADDED = "trainee_added", "Trainee added"
    SUPERVISION_RECORDED = "supervision_recorded", "Supervision recorded"
    COUNTS_ENTERED = "counts_entered", "Cycles and clients entered"
    STAGE_SIGNED_OFF = "stage_signed_off", "Stage signed off"
    ACCREDITED = "accredited", "Accredited"


class TrainingEvent(Event):
    """One line of a course's or a trainee's timeline."""

    Action = TrainingEventAction

    action = models.CharField(max_length=60, choices=Action.choices)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    trainee = models.ForeignKey(
        Trainee, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Event.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False) | models.Q(trainee__isnull=False),
                name="training_event_has_subject",
            ),
            actions_check(TrainingEventAction),
        ]

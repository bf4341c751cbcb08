"""Training: courses and who is on them, and trainees' supervised practice to accreditation."""

from training.configuration import StageRequirement, TrainingSettings
from training.models.attendance import Attendance
from training.models.courses import Course, CourseDay, CourseKind, CourseStatus
from training.models.enrolment import Enrolment, EnrolmentStatus
from training.models.events import TrainingEvent
from training.models.trainees import StageSignOff, SupervisionSession, Trainee, TraineeStatus

__all__ = [
    "Attendance",
    "Course",
    "CourseDay",
    "CourseKind",
    "CourseStatus",
    "Enrolment",
    "EnrolmentStatus",
    "StageRequirement",
    "StageSignOff",
    "SupervisionSession",
    "Trainee",
    "TraineeStatus",
    "TrainingEvent",
    "TrainingSettings",
]

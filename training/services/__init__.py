"""Writes for training. Each locks the course or trainee row and writes an event row with it."""

from training.errors import TrainingError
from training.services.attendance import attendance_make_up, attendance_record
from training.services.courses import (
    COURSE_MOVES,
    course_close,
    course_create,
    course_mark_delivered,
    course_open,
    course_update,
)
from training.services.enrolment import enrolment_add, enrolment_withdraw
from training.services.settings import training_settings_update
from training.services.trainees import (
    stage_sign_off,
    supervision_session_record,
    trainee_add,
    trainee_enter_counts,
)

__all__ = [
    "COURSE_MOVES",
    "TrainingError",
    "attendance_make_up",
    "attendance_record",
    "course_close",
    "course_create",
    "course_mark_delivered",
    "course_open",
    "course_update",
    "enrolment_add",
    "enrolment_withdraw",
    "stage_sign_off",
    "supervision_session_record",
    "trainee_add",
    "trainee_enter_counts",
    "training_settings_update",
]

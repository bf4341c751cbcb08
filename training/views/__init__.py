"""Training pages: courses and their registers, trainees, My supervisees, Configuration tab."""

from training.views.attendance import attendance, make_up
from training.views.courses import (
    course_create,
    course_detail,
    course_edit,
    course_list,
    course_status,
)
from training.views.enrolment import enrolment_add, enrolment_withdraw
from training.views.settings import configuration
from training.views.trainees import (
    my_training,
    sign_off,
    supervisees,
    supervision_add,
    trainee_counts,
    trainee_create,
    trainee_detail,
    trainee_list,
)

__all__ = [
    "attendance",
    "configuration",
    "course_create",
    "course_detail",
    "course_edit",
    "course_list",
    "course_status",
    "enrolment_add",
    "enrolment_withdraw",
    "make_up",
    "my_training",
    "sign_off",
    "supervisees",
    "supervision_add",
    "trainee_counts",
    "trainee_create",
    "trainee_detail",
    "trainee_list",
]

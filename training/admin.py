"""Training records in the Django admin, read-only: each has a timeline of training events that
only the training pages write."""

from django.contrib import admin

from training.models import (
    Course,
    Enrolment,
    StageSignOff,
    SupervisionSession,
    Trainee,
    TrainingEvent,
)
from vig_service.core.admin import ReadOnlyAdmin

admin.site.register(
    [Course, Enrolment, Trainee, StageSignOff, SupervisionSession, TrainingEvent], ReadOnlyAdmin
)

from django.contrib import admin

from training.models import (
    Course,
    Enrolment,
    StageSignOff,
    SupervisionSession,
    Trainee,
    TrainingEvent,
)

admin.site.register([Course, Enrolment, Trainee, StageSignOff, SupervisionSession, TrainingEvent])

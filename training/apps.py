from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Training: courses, enrolments, attendance, supervised practice and accreditation stages."""

    name = "training"
    verbose_name = "Training"

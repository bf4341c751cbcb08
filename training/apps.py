from django.apps import AppConfig

from vig_service.accounts.roles import Role
from vig_service.core.home import register_home_cards


class TrainingConfig(AppConfig):
    """Training: courses, enrolments, attendance, supervised practice and accreditation stages."""

    name = "training"
    verbose_name = "Training"

    def ready(self):
        """Put the supervisor's supervision and sign-offs on the home page."""
        register_home_cards(Role.SUPERVISOR, "supervisees", "training.home.supervisor_cards")

from django.apps import AppConfig

from vig_service.accounts.roles import Role
from vig_service.core.home import register_home_cards


class DiaryConfig(AppConfig):
    """The diary: appointments planned for cases, cycles, courses and supervision."""

    name = "diary"
    verbose_name = "Diary"

    def ready(self):
        """Fill the guider's appointments slot of the home page."""
        register_home_cards(Role.GUIDER, "appointments", "diary.home.guider_cards")

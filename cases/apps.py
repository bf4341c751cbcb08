from django.apps import AppConfig

from referrals.allocation import register_case_opening
from vig_service.accounts.roles import Role
from vig_service.core.home import register_home_cards


class CasesConfig(AppConfig):
    """Cases: a family's intervention with its guider, from allocation to closure."""

    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        """Put the case cards on the home page; let allocation open the case."""
        register_home_cards(Role.COORDINATOR, "caseloads", "cases.home.coordinator_cards")
        register_home_cards(Role.GUIDER, "cases", "cases.home.guider_cards")
        register_home_cards(Role.MANAGER, "cases", "cases.home.manager_cards")
        register_home_cards(Role.MANAGER, "waiting_times", "cases.home.waiting_time_cards")
        # Imported here: models can be imported only once the apps are loaded.
        from cases.allocation import OPENING

        register_case_opening(OPENING)

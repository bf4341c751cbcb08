from django.apps import AppConfig

from referrals.allocation import register_case_opening
from vig_service.accounts.roles import Role
from vig_service.core.navigation import register_home_figures


class CasesConfig(AppConfig):
    """Cases: a family's intervention with its guider, from allocation to closure."""

    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        """Put the manager's counts on the home page; let allocation open the case."""
        register_home_figures(Role.MANAGER, "cases.selectors.home_figures_for_manager")
        # Imported here: models can be imported only once the apps are loaded.
        from cases.allocation import OPENING

        register_case_opening(OPENING)

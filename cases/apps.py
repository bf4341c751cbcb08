from django.apps import AppConfig

from vig_service.accounts.roles import Role
from vig_service.core.navigation import register_home_figures


class CasesConfig(AppConfig):
    """Cases: a family's intervention with its guider, from allocation to closure."""

    name = "cases"
    verbose_name = "Cases"

    def ready(self):
        """Put the manager's counts (cases near their limit, requests waiting) on the home page."""
        register_home_figures(Role.MANAGER, "cases.selectors.home_figures_for_manager")

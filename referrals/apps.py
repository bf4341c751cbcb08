from django.apps import AppConfig

from vig_service.accounts.roles import Role
from vig_service.core.home import register_home_cards


class ReferralsConfig(AppConfig):
    """Referrals: the referrer's request, its eligibility and priority, and its timeline."""

    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        """Put the coordinator's triage and the referrer's answers on the home page."""
        register_home_cards(Role.COORDINATOR, "referrals", "referrals.home.coordinator_cards")
        register_home_cards(Role.REFERRER, "referrals", "referrals.home.referrer_cards")

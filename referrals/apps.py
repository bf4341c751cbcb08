from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referrals: the referrer's request, its eligibility and priority, and its timeline."""

    name = "referrals"
    verbose_name = "Referrals"

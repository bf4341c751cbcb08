from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports for managers: referrals, waiting times, caseload, outcomes and training."""

    name = "vig_service.reports"
    label = "reports"
    verbose_name = "Reports"

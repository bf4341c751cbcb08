from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Retention periods, anonymisation past them, and subject-access exports."""

    name = "vig_service.privacy"
    label = "privacy"
    verbose_name = "Privacy"

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Service configuration and the shared event base."""

    name = "vig_service.core"
    label = "core"
    verbose_name = "Service"

    def ready(self):
        from vig_service.accounts.backends import READ_WITH_USER
        from vig_service.core.settings_cache import version_expression

        # Every request learns whether the settings kept in memory are current, in the
        # query that reads its user (docs/architecture.md, "The floor").
        READ_WITH_USER["settings_version"] = version_expression

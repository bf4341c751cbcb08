from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Service configuration and the shared event base."""

    name = "vig_service.core"
    label = "core"
    verbose_name = "Service"

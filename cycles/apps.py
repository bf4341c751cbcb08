from django.apps import AppConfig


class CyclesConfig(AppConfig):
    """Cycles: filming, editing and shared review, with helping-question ratings."""

    name = "cycles"
    verbose_name = "Cycles"

from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Cases: a family's intervention with its guider, from allocation to closure."""

    name = "cases"
    verbose_name = "Cases"

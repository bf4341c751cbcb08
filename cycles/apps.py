from django.apps import AppConfig

from cases.cycle_facts import register_cycle_facts


class CyclesConfig(AppConfig):
    """Cycles: filming, editing and shared review, with helping-question ratings."""

    name = "cycles"
    verbose_name = "Cycles"

    def ready(self):
        """Give cases the cycle facts its pages and rules need (cases cannot import cycles)."""
        # Imported here: models can be imported only once the apps are loaded.
        from cycles.case_facts import FACTS

        register_cycle_facts(FACTS)

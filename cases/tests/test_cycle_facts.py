"""The provider through which cases asks cycles for what its pages need."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cases import cycle_facts


def test_cycles_registers_the_cycle_facts_when_the_apps_load():
    """Every fact cases asks for comes from cycles, registered by its AppConfig.ready()."""
    facts = cycle_facts.cycle_facts()
    assert facts.first_filmed_on.__module__ == "cycles.case_facts"
    assert facts.annotate_progress.__module__ == "cycles.case_facts"


def test_without_a_provider_cases_says_cycles_is_missing(monkeypatch):
    """A set-up without cycles fails with a configuration error, not an AttributeError."""
    monkeypatch.setattr(cycle_facts, "_registered", [])
    with pytest.raises(ImproperlyConfigured, match="needs the cycles app"):
        cycle_facts.cycle_facts()

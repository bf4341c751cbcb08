"""The provider through which allocation opens the case (cases registers it)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from referrals import allocation


def test_cases_registers_the_case_opening_when_the_apps_load():
    """Allocation opens the case and reads caseloads through functions cases registered."""
    opening = allocation.case_opening()
    assert opening.open_case.__module__ == "cases.allocation"
    assert opening.caseloads.__module__ == "cases.selectors.caseload"


def test_without_a_provider_allocation_says_cases_is_missing(monkeypatch):
    """A set-up without cases fails with a configuration error, not an AttributeError."""
    monkeypatch.setattr(allocation, "_registered", [])
    with pytest.raises(ImproperlyConfigured, match="needs the cases app"):
        allocation.case_opening()

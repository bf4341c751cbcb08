"""The home page mechanism: apps fill a role's slots with cards, in the slots' order."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from vig_service.accounts.roles import Role
from vig_service.core import home
from vig_service.core.home import HomeCard, HomeFigure, home_cards, register_home_cards


def first_cards(user):
    """A provider for the test: one card."""
    return [HomeCard("First", (HomeFigure("Things", 2, "/things/"),), "No things.")]


def second_cards(user):
    """A provider for the test: a card whose only line counts nought."""
    return [HomeCard("Second", (HomeFigure("Others", 0, "/others/"),), "No others.")]


@pytest.fixture
def providers(monkeypatch):
    """An empty registry, so the test's providers stand alone."""
    monkeypatch.setattr(home, "HOME_PROVIDERS", {})


def test_cards_come_in_the_order_of_the_roles_slots_not_of_registering(providers):
    """The guider's appointments slot comes before their cases, whoever registers first."""
    register_home_cards(Role.GUIDER, "cases", f"{__name__}.second_cards")
    register_home_cards(Role.GUIDER, "appointments", f"{__name__}.first_cards")
    register_home_cards(Role.GUIDER, "appointments", f"{__name__}.first_cards")  # once only
    assert [card.title for card in home_cards(None, Role.GUIDER)] == ["First", "Second"]


def test_a_slot_nobody_fills_shows_nothing(providers):
    """Until an app registers for the guider's appointments, the role shows only its cases."""
    register_home_cards(Role.GUIDER, "cases", f"{__name__}.second_cards")
    assert [card.title for card in home_cards(None, Role.GUIDER)] == ["Second"]
    assert home_cards(None, Role.ADMINISTRATOR) == []


def test_registering_for_a_slot_the_role_does_not_have_is_refused(providers):
    """A misspelt slot fails when the app loads, not silently on the page."""
    with pytest.raises(ImproperlyConfigured, match="The Guider home page has no 'apointments'"):
        register_home_cards(Role.GUIDER, "apointments", f"{__name__}.first_cards")


def test_a_card_shows_only_lines_with_something_to_say():
    """Noughts are left out, so a card with nothing to do says its empty words instead."""
    assert second_cards(None)[0].lines == []
    value = HomeFigure("Median wait", None, "/waits/", value="12 days")
    card = HomeCard("Mixed", (HomeFigure("None", 0, "/"), value), "Nothing.")
    assert card.lines == [value]

"""The home page's parts: what needs each role today, given by the apps that own the work.

Core shows the cards and never imports a higher layer: each app registers a provider for a
slot of a role's part in its AppConfig.ready() (docs/architecture.md, "Home page").
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from vig_service.accounts.roles import Role


@dataclass(frozen=True)
class HomeFigure:
    """One line of a card: what needs doing, how many (or a value), and the page it is done on."""

    label: str
    count: int | None
    url: str
    hint: str = ""
    # Shown in place of a count: a time ("12 days"), or "3 of 5".
    value: str = ""
    urgent: bool = False

    @property
    def shown(self) -> bool:
        """Whether the line says something: a value, a single item, or a count above nought."""
        return self.count is None or self.count > 0


@dataclass(frozen=True)
class HomeCard:
    """A titled group of lines on a role's part of the home page, and what it says when empty."""

    title: str
    figures: tuple[HomeFigure, ...]
    empty: str

    @property
    def lines(self) -> list[HomeFigure]:
        """The lines worth showing; none means the card says `empty`."""
        return [figure for figure in self.figures if figure.shown]


# The slots of each role's part, in the order shown. An app fills a slot by registering a
# provider for it; a slot nobody fills shows nothing. The guider's "appointments" slot is
# for today's and this week's appointments, from the app that keeps them.
HOME_SLOTS: dict[Role, tuple[str, ...]] = {
    Role.COORDINATOR: ("referrals", "caseloads"),
    Role.GUIDER: ("appointments", "cases"),
    Role.SUPERVISOR: ("supervisees",),
    Role.MANAGER: ("cases", "waiting_times"),
    Role.REFERRER: ("referrals",),
}

# Dotted paths to providers, (user) -> list[HomeCard], by (role, slot).
HOME_PROVIDERS: dict[tuple[Role, str], list[str]] = {}


def register_home_cards(role: Role, slot: str, provider: str) -> None:
    """Fill the role's `slot` with the cards of the function at dotted path `provider`."""
    if slot not in HOME_SLOTS.get(role, ()):
        raise ImproperlyConfigured(f"The {role.label} home page has no {slot!r} slot")
    providers = HOME_PROVIDERS.setdefault((role, slot), [])
    if provider not in providers:
        providers.append(provider)


def home_cards(user, role: Role) -> list[HomeCard]:
    """The cards of the role's part of the home page for this user, slot by slot."""
    return [
        card
        for slot in HOME_SLOTS.get(role, ())
        for path in HOME_PROVIDERS.get((role, slot), [])
        for card in import_string(path)(user)
    ]

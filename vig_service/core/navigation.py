"""The primary navigation: each entry names a page and the roles that see it.

Later apps add their entries here as their pages arrive (My referrals, Queue, Cases, ...).
"""

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse

from vig_service.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    """One link in the primary navigation."""

    label: str
    url_name: str
    roles: frozenset[Role]


NAV_ITEMS = (
    NavItem("My referrals", "referrals:list", frozenset({Role.REFERRER})),
    NavItem("New referral", "referrals:start", frozenset({Role.REFERRER})),
    NavItem("Queue", "referrals:queue", frozenset({Role.COORDINATOR})),
    NavItem("Waiting list", "referrals:waiting_list", frozenset({Role.COORDINATOR})),
    NavItem("My cases", "cases:list", frozenset({Role.GUIDER})),
    NavItem("Cases", "cases:list", frozenset({Role.COORDINATOR, Role.SUPERVISOR})),
    NavItem("My diary", "diary:mine", frozenset({Role.GUIDER, Role.SUPERVISOR})),
    NavItem("Team diary", "diary:team", frozenset({Role.COORDINATOR})),
    NavItem("Users", "accounts:user_list", frozenset({Role.ADMINISTRATOR})),
    NavItem("Configuration", "core:configuration", frozenset({Role.ADMINISTRATOR})),
    NavItem("Audit", "audit:events", frozenset({Role.ADMINISTRATOR})),
    NavItem("Merged records", "referrals:merges", frozenset({Role.ADMINISTRATOR})),
    NavItem("Courses", "training:course_list", frozenset({Role.COORDINATOR, Role.MANAGER})),
    NavItem("Trainees", "training:trainee_list", frozenset({Role.COORDINATOR})),
    NavItem("My supervisees", "training:supervisees", frozenset({Role.SUPERVISOR})),
    NavItem("Reports", "reports:index", frozenset({Role.MANAGER, Role.COORDINATOR})),
    NavItem(
        "Restricted records",
        "referrals:restrictions",
        frozenset({Role.COORDINATOR, Role.MANAGER}),
    ),
    NavItem("My training", "training:my_training", frozenset({Role.GUIDER})),
    NavItem("Subject access", "privacy:subject_access", frozenset({Role.ADMINISTRATOR})),
)


def navigation_for(user, current_path: str) -> list[dict]:
    """The links a user sees, in order, with the current page marked."""
    if not user.is_authenticated:
        return []
    links = _links_for(frozenset(user.roles), get_script_prefix(), get_urlconf())
    items = [{"label": label, "url": url, "current": False} for label, url in links]
    # The longest link that starts the path is the current one (/referrals/new/ is not
    # also "My referrals" at /referrals/).
    matching = [item for item in items if current_path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return items


@lru_cache(maxsize=64)
def _links_for(roles: frozenset[Role], prefix: str, urlconf) -> tuple[tuple[str, str], ...]:
    """The (label, address) of each link for a set of roles: the same on every request."""
    return tuple(
        (item.label, reverse(item.url_name, urlconf=urlconf))
        for item in NAV_ITEMS
        if roles & item.roles
    )


# The base template's own links and assets (header, footer, scripts), the same on every page.
BASE_LINKS = {
    "home": "core:home",
    "password_change": "accounts:password_change",
    "reminders": "reminders:preference",
    "sign_out": "accounts:logout",
    "accessibility": "core:accessibility",
    "privacy": "privacy:notice",
}
BASE_ASSETS = {"css": "css/app.css", "body_start": "js/body-start.js", "app": "js/app.mjs"}


def base_links() -> MappingProxyType:
    """The base template's links and asset addresses, for this URL configuration and prefix."""
    return _base_links(get_script_prefix(), get_urlconf(), settings.STATIC_URL)


@lru_cache(maxsize=16)
def _base_links(prefix: str, urlconf, static_url: str) -> MappingProxyType:
    # Reversed once, not six times a page: nine tags were a third of the base page's render.
    links = {name: reverse(view, urlconf=urlconf) for name, view in BASE_LINKS.items()}
    links |= {name: static(path) for name, path in BASE_ASSETS.items()}
    return MappingProxyType(links)


# The tabs of the Configuration page; each app adds the section for its own settings.
CONFIGURATION_SECTIONS = (
    ("Service", "core:configuration"),
    ("Referrals", "referrals:configuration"),
    ("Cases", "cases:configuration"),
    ("Audit", "audit:configuration"),
    ("Training", "training:configuration"),
    ("Reports", "reports:configuration"),
    ("Privacy", "privacy:configuration"),
    ("Documents", "documents:configuration"),
    ("Family links", "family:configuration"),
    ("Measures", "measures:list"),
    ("Sign-in", "accounts:providers"),
)


def configuration_sections(current_path: str) -> list[dict]:
    """The Configuration page's sub-navigation, with the current section marked."""
    return [
        {"label": label, "url": reverse(name), "current": reverse(name) == current_path}
        for label, name in CONFIGURATION_SECTIONS
    ]

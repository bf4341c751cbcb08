"""Every page's header, navigation and footer, rendered once per key and kept by each process.

These are the same for everyone with the same roles on the same page, yet through the base
template they were most of the floor page's render: forty-odd variable look-ups and twenty
conditions a request (docs/architecture.md, "The floor"). So each is rendered from its own
template with a context of exactly its key, and kept; what differs per person (their name, the
sign-out form's token, the family's own address) fills a slot in the kept markup per request.
A variable the fragment's template reads but its key lacks renders empty, never another
user's value.
"""

import re
import secrets
from functools import lru_cache

from django import template
from django.template.backends.utils import csrf_input
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from vig_service.core.navigation import base_links

register = template.Library()

DEFAULT_NAME = "VIG Service"
# The header's own links marked as the current page (the rest of the navigation marks itself).
ACCOUNT_PAGES = frozenset({"accounts:password_change", "reminders:preference"})
# A slot in kept markup: random per process, so no page's text can be taken for one.
_MARK = secrets.token_hex(8)
_SLOT = re.compile(rf"<!--{_MARK}:(\w+)-->")
# Each slot's marker, given to the fragment's template in place of its value.
HEADER_SLOTS = tuple(
    (name, mark_safe(f"<!--{_MARK}:{name}-->"))  # noqa: S308 - a fixed marker, no data
    for name in ("home_url", "user_name", "csrf_input")
)


@lru_cache(maxsize=256)
def _parts(template_name: str, key: tuple) -> tuple[str, ...]:
    """The template rendered for one key, split at its slots: literal, slot name, literal..."""
    values = {name: dict(value) if name == "links" else value for name, value in key}
    # Without the template file's last newline: the base template places each fragment.
    rendered = get_template(template_name).render(values).removesuffix("\n")
    return tuple(_SLOT.split(rendered))


def _fill(parts: tuple[str, ...], slots: dict[str, str]) -> SafeString:
    filled = [slots[part] if number % 2 else part for number, part in enumerate(parts)]
    return mark_safe("".join(filled))  # noqa: S308 - rendered with autoescape; slots escaped


def _service_name(service) -> str:
    return getattr(service, "service_name", "") or DEFAULT_NAME


@register.simple_tag(takes_context=True)
def page_header(context, home_url=None) -> SafeString:
    """The header (service name, account links, sign out) and the primary navigation."""
    request = context.get("request")
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    pending = signed_in and bool(context.get("second_factor_pending"))
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match is not None and match.view_name in ACCOUNT_PAGES else ""
    navigation = () if pending else context.get("primary_navigation") or ()
    links = base_links()
    key = (
        ("service_name", _service_name(context.get("service"))),
        ("signed_in", signed_in),
        ("staff", signed_in and user.is_service_staff),
        ("pending", pending),
        ("current", current),
        ("navigation", tuple((i["label"], i["url"], i["current"]) for i in navigation)),
        ("links", tuple(links.items())),
        *HEADER_SLOTS,
    )
    slots = {
        "home_url": conditional_escape(links["home"] if home_url is None else home_url),
        "user_name": conditional_escape(user.full_name) if signed_in else "",
        "csrf_input": csrf_input(request) if signed_in and request is not None else "",
    }
    return _fill(_parts("includes/page_header.html", key), slots)


@register.simple_tag(takes_context=True)
def page_footer(context) -> SafeString:
    """The footer: the support links and the team's contact details from the configuration."""
    service = context.get("service")
    key = (
        ("contact_email", getattr(service, "contact_email", "")),
        ("contact_phone", getattr(service, "contact_phone", "")),
        ("links", tuple(base_links().items())),
    )
    return _fill(_parts("includes/page_footer.html", key), {})


@register.simple_tag(takes_context=True)
def phase_banner(context) -> SafeString:
    """The demo banner: second factor off, or no virus scanner (which only staff are told)."""
    user = context.get("user")
    key = (
        ("mfa_required", bool(context.get("mfa_required"))),
        ("virus_scanner_off", bool(context.get("virus_scanner_off"))),
        ("staff", bool(user is not None and user.is_authenticated and user.is_service_staff)),
    )
    return _fill(_parts("includes/phase_banner.html", key), {})

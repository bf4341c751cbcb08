"""Shared helpers for the security tests: walking the resolver, outcomes, header checks."""

import io
import zipfile
from collections import Counter

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from family.views import SESSION_KEY as FAMILY_SESSION_KEY
from tests.security.matrix import ADMIN_LOGIN, ADMIN_PREFIX, LOGIN, OK
from vig_service.audit.middleware import audited_record
from vig_service.audit.models import AccessDenial, AccessEvent

# Filled as the tests run and printed at the end of the session (see conftest.py).
TALLY: Counter = Counter()
PRINCIPALS_SEEN: set = set()
URLS_SEEN: set = set()


def walk(resolver=None, prefix: str = "", namespace: str = ""):
    """Yield (name or None, route) for every URL pattern, descending into includes."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, prefix + str(pattern.pattern)


def named_urls() -> set[str]:
    """Every named URL of the project."""
    return {name for name, _ in walk() if name}


def app_url_names() -> set[str]:
    """Named URLs outside the Django admin, which the matrix lists one by one."""
    return {name for name in named_urls() if not name.startswith(ADMIN_PREFIX)}


def outcome(response):
    """OK, LOGIN, ADMIN_LOGIN or the status code, as the matrix names outcomes."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("accounts:login")) and "next=" in location:
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        return OK
    if response.status_code == 200:
        return OK
    return response.status_code


def client_for(user, **kwargs) -> Client:
    """A test client signed in as the user (anonymous when None)."""
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def client_as(world, principal: str, **kwargs) -> Client:
    """A test client for a principal; the family link holder's session has confirmed the
    child's date of birth for family A's links, as the date-of-birth step leaves it."""
    client = client_for(world.user(principal), **kwargs)
    if principal == "family_link":
        session = client.session
        session[FAMILY_SESSION_KEY] = [world.a.page_link.pk, world.a.feedback_link.pk]
        session.save()
    return client


def header_problems(response, *, signed_in: bool) -> list[str]:
    """The security headers of part 7 that are missing or wrong on one response."""
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"Content-Security-Policy is {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("Content-Security-Policy allows unsafe-inline or unsafe-eval")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.get(header) != value:
            problems.append(f"{header} is {response.get(header)!r}, expected {value!r}")
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r} for a signed-in user")
    TALLY["checks"] += 6 if signed_in else 5
    return problems


def request_cell(world, principal: str, method: str, path: str):
    """One request as one principal, rolled back afterwards so cells never affect each other.

    Returns (response, whether the row due for the record the URL names was written): an
    access row for a page that rendered, a refusal row for a 403 or 404; None when none is due.
    """
    user = world.user(principal)
    with transaction.atomic():
        client = client_as(world, principal)
        response = client.get(path) if method == "GET" else client.post(path, {})
        audited = None
        record = audited_record(getattr(response, "resolver_match", None))
        if user is not None and record is not None:
            kind, record_id = record
            if response.status_code == 200:
                audited = AccessEvent.objects.filter(
                    user=user, record_kind=kind, record_id=record_id
                ).exists()
            elif response.status_code in (403, 404):
                audited = AccessDenial.objects.filter(
                    user=user, record_kind=kind, record_id=record_id, status=response.status_code
                ).exists()
        transaction.set_rollback(True)
    TALLY["requests"] += 1
    PRINCIPALS_SEEN.add(principal)
    return response, audited


def body_of(response) -> str:
    """The response's text, whether rendered at once or streamed (the CSV downloads)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    if response.get("Content-Type") == "application/zip":  # the subject-access bundle
        with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
            return "".join(bundle.read(name).decode() for name in bundle.namelist())
    return response.content.decode()

"""CSRF, with a client that enforces it: every URL refuses a POST without a token."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.security import checks
from tests.security.matrix import ADMIN_SAMPLES, MATRIX, OK
from tests.security.world import PRINCIPALS
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

ROWS = {**MATRIX, **ADMIN_SAMPLES}


def _poster(row) -> str:
    """Someone allowed to POST to the URL (so a refusal is the token's doing), else anyone."""
    allowed = [p for p in PRINCIPALS if p != "anonymous" and row.expected("POST")[p] == OK]
    return allowed[0] if allowed else "coordinator"


@pytest.mark.parametrize("namespace", sorted({name.split(":")[0] for name in ROWS}))
def test_every_post_without_a_token_is_refused(world, namespace):
    """A signed-in user's POST with no CSRF token gets 403 and the explanation page."""
    accepted = []
    for name, row in ROWS.items():
        if name.split(":")[0] != namespace:
            continue
        principal = _poster(row)
        client = checks.client_as(world, principal, enforce_csrf_checks=True)
        response = client.post(reverse(name, kwargs=row.kwargs(world)), {"anything": "x"})
        checks.TALLY["csrf checks"] += 1
        checks.TALLY["checks"] += 1
        if response.status_code != 403:
            accepted.append(f"{name} as {principal}: {response.status_code}")
        elif "Your form could not be sent" not in response.content.decode():
            accepted.append(f"{name} as {principal}: 403 without the explanation page")
    assert not accepted, "\n".join(accepted)


def test_a_post_with_the_token_is_accepted(db):
    """The control: the same enforcing client signs in when it sends the form's token."""
    user = CoordinatorFactory()
    enforcing = Client(enforce_csrf_checks=True)
    page = enforcing.get(reverse("accounts:login"))
    token = page.cookies[settings.CSRF_COOKIE_NAME].value
    refused = enforcing.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert refused.status_code == 403
    accepted = enforcing.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302

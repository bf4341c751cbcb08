"""The family link principal beyond the matrix: with family A's links expired or stopped, every
family page refuses them (410, saying what to do, naming no child); with family B's link, a
session confirmed for family A's gets only the date-of-birth step."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from family.models import FamilyLink
from tests.security import checks
from tests.security.world import MAY_SEE, marker

TOKEN_PAGES = [
    "family:start",
    "family:page",
    "family:contract",
    "family:withdraw",
    "family:question",
    "family:check",
]


def _kwargs(world, name, family):
    link = (
        family.feedback_link if name in ("family:question", "family:check") else family.page_link
    )
    kwargs = {"token": link.token}
    if name == "family:withdraw":
        kwargs["consent_pk"] = family.consent.pk
    if name == "family:question":
        kwargs["step"] = "helpful"
    return kwargs


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"created_at": timezone.now() - timedelta(days=60), "expires_at": timezone.now()},
        {"failed_checks": 5},
    ],
    ids=["stopped", "expired", "locked"],
)
def test_a_dead_link_opens_no_family_page_for_its_holder(world, change):
    FamilyLink.objects.filter(case=world.a.case).update(**change)
    client = checks.client_as(world, "family_link")
    for name in TOKEN_PAGES:
        for method in ("get", "post"):
            response = getattr(client, method)(reverse(name, kwargs=_kwargs(world, name, world.a)))
            body = response.content.decode()
            checks.TALLY["family link refusals"] += 1
            assert response.status_code == 410, f"{method} {name}: {response.status_code}"
            assert "Ask your guider for a new one" in body
            assert marker("a", "allocated") not in body


def test_a_session_confirmed_for_one_family_opens_nothing_of_another(world):
    client = checks.client_as(world, "family_link")
    for name in TOKEN_PAGES:
        response = client.get(reverse(name, kwargs=_kwargs(world, name, world.b)))
        checks.TALLY["family link refusals"] += 1
        body = response.content.decode() if not response.streaming else ""
        assert response.status_code in (200, 302), f"{name}: {response.status_code}"
        if response.status_code == 302:
            assert response.url == reverse("family:start", args=[world.b.page_link.token]) or (
                response.url == reverse("family:start", args=[world.b.feedback_link.token])
            )
        for record in MAY_SEE["b"]:
            assert marker("b", record) not in body, f"{name} shows family B's {record}"

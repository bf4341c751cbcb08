"""Signing in with the council's account in Chromium, through a real OpenID provider's page."""

from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    GuiderFactory,
)

pytestmark = pytest.mark.browser


def test_a_guider_signs_in_with_their_councils_account_from_the_sign_in_page(
    page: Page, oidc_provider
):
    guider = GuiderFactory(email="gwen@example.org", full_name="Gwen Guider")
    requests.put(
        f"{oidc_provider.issuer}/users/gwen-entra",
        json={"email": "gwen@example.org", "amr": ["pwd", "mfa"]},
        timeout=5,
    )
    page.goto(reverse("accounts:login"))
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Demo Council").click()
    # The provider's own page: who is signing in.
    page.locator("input[name=sub]").fill("gwen-entra")
    page.get_by_role("button", name="Authorize").click()
    expect(page.locator(".app-header__user")).to_have_text("Gwen Guider")
    assert urlsplit(page.url).path == "/"  # the home page
    assert_accessible(page)
    guider.refresh_from_db()
    assert guider.sso_subject == "gwen-entra"


def test_an_unknown_person_is_told_plainly_and_can_go_back(page: Page, oidc_provider):
    page.goto(reverse("accounts:login"))
    page.get_by_role("button", name="Sign in with Demo Council").click()
    page.locator("input[name=sub]").fill("stranger@example.org")
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("There is no account for stranger@example.org")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go back to the sign-in page").click()
    expect(page.get_by_label("Password")).to_be_visible()


def test_an_administrator_adds_a_provider(page: Page, db):
    admin = AdministratorFactory()
    sign_in(page, admin.email, PASSWORD)
    page.goto(reverse("accounts:providers"))
    assert_accessible(page)
    page.get_by_role("button", name="Add a provider").click()
    page.get_by_role("button", name="Save provider").click()
    error = page.get_by_role("link", name="Enter the name shown on the sign-in page")
    expect(error).to_be_visible()
    assert_accessible(page)
    error.click()
    expect(page.get_by_label("Name on the sign-in page")).to_be_focused()
    page.get_by_label("Name on the sign-in page").fill("Cornwall Council")
    page.get_by_label("Short name").fill("cornwall-council")
    page.get_by_label("Issuer").fill("https://login.microsoftonline.com/tenant-id/v2.0")
    page.get_by_label("Client ID").fill("0000-1111")
    page.get_by_label("Email domains it serves").fill("cornwall.gov.uk")
    page.get_by_role("button", name="Save provider").click()
    expect(page.get_by_text("OIDC_CLIENT_SECRET_CORNWALL_COUNCIL").first).to_be_visible()
    assert_accessible(page)

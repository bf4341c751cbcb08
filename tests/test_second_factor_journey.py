"""Second factor in a real browser: a coordinator sets up an app, then signs in with a code."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("second_factor_on")]


def _code_for(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app holding this key shows now (or a step later)."""
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_coordinator_sets_up_an_app_and_signs_in_with_a_code(page, demo_data):
    """Set-up (QR code, key, confirm), backup codes, sign out, then password and a fresh code."""
    sign_in(page, "coordinator@example.org")
    expect(page).to_have_title("Set up your authenticator app – Demo VIG Service")
    expect(page.get_by_role("navigation", name="Primary navigation")).to_have_count(0)
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.querySelector('.app-qr-code').complete")
    assert qr.evaluate("image => image.naturalWidth") > 0  # the SVG really loaded
    assert_accessible(page)

    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    page.get_by_label("Enter the 6-digit code your app shows").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not correct")
    assert_accessible(page)
    page.get_by_label("Enter the 6-digit code your app shows").fill(_code_for(secret))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.locator("#backup-codes li")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_title("Home – Demo VIG Service")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "coordinator@example.org")
    expect(page).to_have_title("Enter your code – Demo VIG Service")
    assert_accessible(page)
    # The code used at set-up is spent; the app's next code is accepted (one step of drift).
    page.get_by_label("Code").fill(_code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Home – Demo VIG Service")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Queue"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral queue")
    assert_accessible(page)


def test_referrer_is_never_asked_for_a_code(page, demo_data):
    """A referrer goes straight from the password to their home page."""
    sign_in(page, "referrer@example.org")
    expect(page).to_have_title("Home – Demo VIG Service")
    expect(page.get_by_text("Enter your code")).to_have_count(0)
    expect(page.get_by_text("Second factor is off in this demo")).to_have_count(0)
    assert_accessible(page)

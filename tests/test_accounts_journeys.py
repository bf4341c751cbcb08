"""The first journeys in a real browser: every demo role signs in, and wrong passwords."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser

NAVIGATION = {
    "referrer@example.org": ["My referrals", "New referral"],
    "coordinator@example.org": [
        "Queue",
        "Waiting list",
        "Cases",
        "Team diary",
        "Courses",
        "Trainees",
        "Reports",
        "Restricted records",
    ],
    "guider@example.org": ["My cases", "My diary", "My training"],
    "supervisor@example.org": ["Cases", "My diary", "My supervisees"],
    "manager@example.org": ["Courses", "Reports", "Restricted records"],
    "admin@example.org": ["Users", "Configuration", "Audit", "Merged records", "Subject access"],
}


@pytest.mark.parametrize("email", list(NAVIGATION))
def test_each_demo_role_signs_in_and_sees_its_navigation(page, demo_data, email):
    """Each demo account lands on its home page with its own links, and every page passes axe."""
    sign_in(page, email)
    expect(page).to_have_title("Home – Demo VIG Service")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    nav = page.get_by_role("navigation", name="Primary navigation")
    if NAVIGATION[email]:
        expect(nav.get_by_role("link")).to_have_text(NAVIGATION[email])
    else:
        expect(nav).to_have_count(0)
    assert_accessible(page)
    # The home page on a phone: nothing off the side, still accessible.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    for label in NAVIGATION[email]:
        nav.get_by_role("link", name=label, exact=True).click()
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in – Demo VIG Service")


def test_wrong_password_shows_the_error_summary_and_sixth_attempt_is_locked(page, demo_data):
    """A wrong password gets the GOV.UK error summary; after five, the account is locked."""
    sign_in(page, "coordinator@example.org", "not-my-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page).to_have_title("Error: Sign in – Demo VIG Service")
    expect(page.get_by_label("Email address")).to_have_value("coordinator@example.org")
    assert_accessible(page)

    for _ in range(4):
        sign_in(page, "coordinator@example.org", "not-my-password")
    sign_in(page, "coordinator@example.org")  # the right password, sixth attempt
    expect(
        page.get_by_text("You have entered the wrong email address or password too many times")
    ).to_be_visible()
    expect(page.get_by_text("for 30 minutes")).to_be_visible()
    assert_accessible(page)


def test_administrator_invites_a_guider_who_sets_a_password_and_signs_in(page, demo_data):
    """Invitation journey: the administrator's form, the e-mail link, the new user's first page."""
    sign_in(page, "admin@example.org")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Users"
    ).click()
    page.get_by_role("button", name="Invite a user").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
    assert_accessible(page)

    page.get_by_label("Full name").fill("Gwen Guider")
    page.get_by_label("Email address").fill("gwen@example.org")
    page.get_by_label("Profession").select_option(label="VIG practitioner")
    page.get_by_label("Guider", exact=True).check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Invitation sent to gwen@example.org"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("tidal-harbour-77")
    page.get_by_label("Confirm new password").fill("tidal-harbour-77")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Gwen")
    expect(page.get_by_role("heading", name="Guider", exact=True)).to_be_visible()


def test_referrer_signs_up_from_an_allowed_domain_only(page, demo_data):
    """Sign-up refuses a domain not allowed, then works for nhs.net through the e-mailed link;
    an administrator then approves the team the referrer asked to join."""
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="create an account").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Hannah Visitor")
    page.get_by_label("Work email address").fill("hannah@gmail.com")
    page.get_by_label("Your profession").select_option(label="Health visitor")
    page.get_by_label("Team or organisation").fill("Bodmin Health Visiting")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "You cannot sign up with this email address"
    )
    expect(page.get_by_label("Full name")).to_have_value("Hannah Visitor")
    assert_accessible(page)

    page.get_by_label("Work email address").fill("hannah.visitor@nhs.net")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("tidal-harbour-77")
    page.get_by_label("Confirm new password").fill("tidal-harbour-77")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", name="Referrer", exact=True)).to_be_visible()
    assert_accessible(page)

    # The team named is only asked for: an administrator approves it on the Users page.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "admin@example.org")
    page.goto("/accounts/users/")
    requests = page.locator("#team-requests")
    expect(requests).to_contain_text("Hannah Visitor")
    expect(requests).to_contain_text("Bodmin Health Visiting")
    assert_accessible(page)
    requests.get_by_role("button", name="Approve Hannah Visitor joining").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Hannah Visitor is now a member of Bodmin Health Visiting"
    )
    expect(page.locator("#team-requests")).to_have_count(0)
    assert_accessible(page)

"""In the browser: the strict Content Security Policy breaks no page, and the Audit pages work."""

import pytest
from playwright.sync_api import expect

from referrals.models import Referral
from tests.conftest import assert_accessible, sign_in
from vig_service.audit.models import AccessEvent

pytestmark = pytest.mark.browser

DEMO_ACCOUNTS = [
    "referrer@example.org",
    "coordinator@example.org",
    "guider@example.org",
    "supervisor@example.org",
    "manager@example.org",
    "admin@example.org",
]


def _watch(page):
    """Collect Content Security Policy violations and script errors on the page."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_no_page_breaks_the_content_security_policy(page, demo_data):
    """Every role's pages load their scripts and styles with nothing refused by the policy."""
    problems = _watch(page)
    for email in DEMO_ACCOUNTS:
        page.context.clear_cookies()
        sign_in(page, email)
        links = page.get_by_role("navigation", name="Primary navigation").get_by_role("link")
        urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
        for url in urls:
            page.goto(url)
            # body-start.js ran and GOV.UK Frontend initialised: scripts are allowed from 'self'.
            expect(page.locator("body")).to_have_class(
                "govuk-template__body js-enabled govuk-frontend-supported"
            )
        if email == "guider@example.org":
            page.goto(urls[0])
            page.get_by_role("table").get_by_role("link").first.click()
            page.get_by_role("navigation", name="Case sections").get_by_role(
                "link", name="Helping questions"
            ).click()
            assert_accessible(page)
    assert problems == []


def test_administrator_finds_who_opened_a_childs_record(page, demo_data, browser, live_server):
    """A coordinator opens a referral; the administrator finds it by child and sees its changes."""
    referral = Referral.objects.exclude(reference=None).order_by("pk").first()
    other = browser.new_context(base_url=live_server.url)
    coordinator = other.new_page()
    sign_in(coordinator, "coordinator@example.org")
    coordinator.goto(f"/referrals/{referral.pk}/")
    other.close()
    assert AccessEvent.objects.filter(child_reference=referral.reference).exists()

    problems = _watch(page)
    sign_in(page, "admin@example.org")
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="Audit").click()
    assert_accessible(page)
    page.get_by_label("Child's referral reference").fill(referral.reference)
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    table = page.get_by_role("table")
    expect(table).to_contain_text("Coordinator")
    expect(table).to_contain_text(referral.reference)
    page.get_by_role("link", name=f"Every change to {referral.reference}'s records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Changes to {referral.reference}")
    assert_accessible(page)

    nav.get_by_role("link", name="Configuration").click()
    page.get_by_role("navigation", name="Configuration sections").get_by_role(
        "link", name="Audit"
    ).click()
    assert_accessible(page)
    page.get_by_label("Children viewed in an hour before an alert").fill("30")
    page.get_by_role("button", name="Save audit settings").click()
    expect(page.get_by_text("Audit settings saved")).to_be_visible()
    assert_accessible(page)
    assert problems == []

"""A coordinator triages in the browser; the referrer sees both outcomes on their pages."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.models import User

pytestmark = pytest.mark.browser


def test_coordinator_filters_asks_for_information_and_allocates(page, demo_data):
    """Queue filter, a question to the referrer, an allocation; then the referrer's view."""
    referrer = User.objects.get(email="referrer@example.org")
    ask = SubmittedReferralFactory(
        referrer=referrer,
        priority_tier=1,
        plan_status="lac",
        route_in="taf",
        submitted_at=timezone.now() - timezone.timedelta(days=400),
    )
    allocate = SubmittedReferralFactory(
        referrer=referrer,
        status="accepted",
        accepted_at=timezone.now(),
        priority_tier=2,
    )

    sign_in(page, "coordinator@example.org")
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="Queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral queue")
    assert_accessible(page)

    page.get_by_label("Team Around the Family meeting").check()
    page.get_by_label("Tier 1").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"tier=1.*route=taf|route=taf.*tier=1"))
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(ask.reference)
    assert_accessible(page)

    page.get_by_role("link", name=ask.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ask.reference)
    assert_accessible(page)
    page.get_by_role("button", name="Ask for more information").click()
    assert_accessible(page)
    page.get_by_label("Your question for the referrer").fill(
        "Is the foster carer able to attend weekly sessions?"
    )
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your question has been sent"
    )

    nav.get_by_role("link", name="Waiting list").click()
    assert_accessible(page)
    page.get_by_role("row").filter(has_text=allocate.reference).get_by_role(
        "link", name="Allocate"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate to a guider")
    assert_accessible(page)
    page.get_by_label("Gus Guider").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral allocated")
    assert_accessible(page)
    assert Referral.objects.get(pk=allocate.pk).case.guider.email == "guider@example.org"

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "referrer@example.org")
    page.goto(ask.get_absolute_url())
    expect(page.get_by_text("The VIG team needs more information")).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Is the foster carer able to attend weekly sessions?"
    )
    assert_accessible(page)
    page.goto(allocate.get_absolute_url())
    expect(page.locator("h1 .govuk-tag")).to_have_text("Allocated")
    expect(page.locator(".moj-timeline")).to_contain_text("Allocated to Gus Guider")
    assert_accessible(page)

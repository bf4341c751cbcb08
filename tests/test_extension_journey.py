"""A guider asks for an extension to a case near its limit and a manager grants it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import ExtensionRequest
from cycles.tests.case_factories import NearLimitCaseFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.tests.factories import PASSWORD, ManagerFactory

pytestmark = pytest.mark.browser


def test_guider_asks_for_an_extension_and_a_manager_grants_it(page: Page):
    """From the case page to the manager's home page, the request and the new limit."""
    case = NearLimitCaseFactory()
    manager = ManagerFactory()
    reference = case.referral.reference

    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Ask for an extension").click()
    assert_accessible(page)
    page.get_by_label("Why does the case need an extension?").fill(
        "The family missed two months while the baby was in hospital."
    )
    page.get_by_role("button", name="Ask for an extension").click()
    expect(page.get_by_text("A manager will decide")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in(page, manager.email, PASSWORD)
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Cases at or near their limit").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(page)
    page.goto("/")
    page.get_by_role("link", name="Extension requests waiting").click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("The family missed two months")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reason for the extension").fill("Two more cycles to make up the time.")
    page.get_by_label("New cycle limit").fill("8")
    ends = timezone.localdate() + timedelta(days=90)
    group = page.get_by_role("group", name="New end date")
    group.get_by_label("Day").fill(str(ends.day))
    group.get_by_label("Month").fill(str(ends.month))
    group.get_by_label("Year").fill(str(ends.year))
    page.get_by_role("button", name="Grant the extension").click()
    expect(page.get_by_text(f"Extension granted for {reference}")).to_be_visible()
    expect(page.get_by_text("No extension request is waiting for a decision")).to_be_visible()
    assert_accessible(page)
    assert case.extension_requests.get().status == ExtensionRequest.Status.GRANTED

    page.context.clear_cookies()
    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_text("Extended to 8 cycles")).to_be_visible()

"""In the browser, each error-summary link moves the cursor to its question's first input."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from referrals.tests.factories import DraftReferralFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.tests.factories import PASSWORD
from vig_service.core.models import ServiceConfiguration

pytestmark = pytest.mark.browser


def _every_error_link_takes_focus(page: Page) -> list[str]:
    """Click each link of the error summary; its target must then have the focus."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    targets = []
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == target, f"{link.inner_text()!r}: focus is on {focused!r}, not {target}"
        targets.append(target)
    return targets


def test_error_links_put_the_cursor_in_the_first_input_of_each_question(page, db):
    """An e-mail form, then radios, a date and checkboxes: every link lands where it says."""
    configuration = ServiceConfiguration.load()
    configuration.signup_domains = "nhs.net"
    configuration.save()

    # An e-mail field: the service's own error, not the browser's bubble (novalidate).
    page.goto(reverse("accounts:sign_up"))
    page.get_by_label("Email address").fill("not an email address")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    targets = _every_error_link_takes_focus(page)
    assert "id_email" in targets

    draft = DraftReferralFactory()
    sign_in(page, draft.referrer.email, PASSWORD)

    # Radios (gender) and a date (date of birth: the Day box).
    page.goto(reverse("referrals:question", args=[draft.pk, "child"]))
    page.get_by_role("button", name="Save and continue").click()
    assert_accessible(page)
    targets = _every_error_link_takes_focus(page)
    assert {"id_child_date_of_birth_0", "id_child_gender_1"} <= set(targets)

    # Checkboxes (concerns): the first box.
    page.goto(reverse("referrals:question", args=[draft.pk, "concerns"]))
    page.get_by_role("button", name="Save and continue").click()
    assert _every_error_link_takes_focus(page) == ["id_concerns_1"]

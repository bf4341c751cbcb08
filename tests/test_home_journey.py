"""Each role's home page in a real browser: axe-clean at 1280 and 375 px, its links lead on."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.tests.factories import ClosedCaseFactory
from cycles.tests.case_factories import ExtensionRequestFactory
from referrals.services import referral_accept, referral_request_information
from referrals.tests.factories import SubmittedReferralFactory
from tests.conftest import assert_accessible, sign_in
from training.tests.factories import TraineeFactory
from vig_service.accounts.tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.browser
SITE = "http://testserver/"


def _fits(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"the home page scrolls sideways at {width} px"
    )
    assert_accessible(page)


def _world() -> dict:
    coordinator, referrer = CoordinatorFactory(), ReferrerFactory()
    guider, supervisor = GuiderFactory(), SupervisorFactory()
    SubmittedReferralFactory(priority_tier=1, referrer=referrer)
    asked = SubmittedReferralFactory(referrer=referrer)
    with time_machine.travel(timezone.now() - timedelta(days=9)):
        referral_request_information(
            referral_id=asked.pk, by=coordinator, message="Who else lives at home?", site_url=SITE
        )
    accepted = SubmittedReferralFactory(referrer=referrer)
    referral_accept(referral_id=accepted.pk, by=coordinator, site_url=SITE)
    ClosedCaseFactory(
        guider=guider,
        closed_on=timezone.localdate() - timedelta(days=3 * 365),
        footage_location="Locked cabinet, room 4",
    )
    ExtensionRequestFactory(case__guider=guider)
    TraineeFactory(supervisor=supervisor, full_name="Dana Due")
    return {
        "coordinator": (coordinator, "Tier 1 referrals", "/referrals/queue/?tier=1"),
        "guider": (guider, "Footage deletion overdue", "/footage/"),
        "supervisor": (supervisor, "Dana Due", "/supervision/new/"),
        "manager": (ManagerFactory(), "Extension requests waiting", "/cases/extension-requests/"),
        "referrer": (referrer, asked.reference, f"/referrals/{asked.pk}/"),
    }


@pytest.mark.parametrize("role", ["coordinator", "guider", "supervisor", "manager", "referrer"])
def test_each_roles_home_page_is_accessible_at_1280_and_375_px_and_its_links_lead_on(page, role):
    """No axe violations, no sideways scrolling on a phone, and a line opens its page."""
    user, line, address = _world()[role]
    sign_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    _fits(page, 1280)
    _fits(page, 375)
    page.get_by_role("link", name=line).first.click()
    expect(page).to_have_url(re.compile(re.escape(address)))
    expect(page).not_to_have_title(re.compile("Page not found"))
    assert_accessible(page)

"""The referral queue fits a 1024 and a 1280 pixel wide screen with long data in every column."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.choices import Concern, RouteIn
from referrals.tests.factories import SubmittedReferralFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    ReferrerFactory,
    TeamFactory,
)

pytestmark = pytest.mark.browser


def _long_referrals():
    referrer = ReferrerFactory(
        full_name="Philippa Montgomery-Fotheringham-Smythe",
        team=TeamFactory(name="North Cornwall Integrated Early Help and Family Hub Team"),
    )
    for days in (3, 120, 1000):
        SubmittedReferralFactory(
            referrer=referrer,
            eligible=False,
            priority_tier=1,
            concerns=[Concern.CHILD_VIEW, Concern.ATTACHMENT, Concern.NEGATIVE],
            route_in=RouteIn.EARLY_HELP_HUB,
            submitted_at=timezone.now() - timezone.timedelta(days=days),
        )


def test_the_queue_fits_1024_and_1280_wide_screens_without_scrolling_sideways(page):
    """No horizontal scroll, "Days waiting" in view, and each reference on one line."""
    _long_referrals()
    coordinator = CoordinatorFactory()
    sign_in(page, coordinator.email, PASSWORD)

    for width in (1280, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/referrals/queue/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Referral queue")

        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        region = page.get_by_role("region", name="Referrals in the queue")
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), (
            f"the queue table scrolls sideways at {width} px"
        )
        last = page.get_by_role("columnheader", name="Days waiting").bounding_box()
        assert last["x"] + last["width"] <= width, f"Days waiting is off the edge at {width} px"
        for link in page.get_by_role("link", name="VIG-").all():
            # An inline link broken over two lines has two boxes.
            lines = link.evaluate("el => el.getClientRects().length")
            assert lines == 1, f"{link.inner_text()} wraps at {width} px"
    assert_accessible(page)

"""An administrator turns the e-mails people expect off and on, on each Configuration tab."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cases.models import CaseSettings
from referrals.configuration import ReferralSettings
from tests.conftest import assert_accessible, sign_in
from training.configuration import TrainingSettings
from vig_service.accounts.tests.factories import PASSWORD, AdministratorFactory

pytestmark = pytest.mark.browser

TABS = [
    (
        "cases:configuration",
        "Email the guider and co-worker when a case is allocated or reassigned to them",
        "Save case settings",
        lambda: CaseSettings.load().email_guiders_on_allocation,
    ),
    (
        "referrals:configuration",
        "Email the referrer when the case opened from their referral closes",
        "Save referral settings",
        lambda: ReferralSettings.load().email_referrer_on_closure,
    ),
    (
        "training:configuration",
        "Email a trainee when their supervisor signs off one of their stages",
        "Save training settings",
        lambda: TrainingSettings.load().email_trainee_on_sign_off,
    ),
]


def test_each_email_is_a_ticked_box_that_an_administrator_can_untick(page):
    """Every tab shows its e-mail boxes ticked, passes axe, and saves one unticked."""
    administrator = AdministratorFactory()
    sign_in(page, administrator.email, PASSWORD)
    for url, label, button, setting in TABS:
        page.goto(reverse(url))
        box = page.get_by_label(label)
        expect(box).to_be_checked()
        assert_accessible(page)
        box.uncheck()
        page.get_by_role("button", name=button).click()
        expect(page.get_by_label(label)).not_to_be_checked()
        assert setting() is False

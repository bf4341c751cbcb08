"""One child across referrals in a real browser: a referral typed with a misspelt surname and
the day and month of birth swapped is matched to the child's closed case, and the coordinator
confirms it and sees the previous involvement; a guider raises a lone-working flag and sees it
on the case and on the appointment. axe on every new page."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from cases.tests.factories import ClosedCaseFactory
from diary.tests.factories import FilmingAppointmentFactory
from referrals.children import Child
from referrals.models import Referral
from referrals.tests.factories import CompleteDraftFactory
from tests.conftest import assert_accessible, fill_date, sign_in
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.browser
BORN = date(2020, 3, 7)


def test_a_mistyped_referral_is_matched_to_the_childs_closed_case(page: Page):
    closed = ClosedCaseFactory(
        referral__child_first_name="Poppy",
        referral__child_last_name="Tremayne",
        referral__child_date_of_birth=BORN,
        referral__child_nhs_number="",
    )
    Referral.objects.filter(pk=closed.referral_id).update(child=Child.objects.create())
    draft = CompleteDraftFactory(child_nhs_number="")

    # The referrer types the child's details: a misspelt surname, the day and month swapped.
    sign_in(page, draft.referrer.email, PASSWORD)
    page.goto(f"/referrals/{draft.pk}/child/")
    page.get_by_label("First name").fill("Poppy")
    page.get_by_label("Last name").fill("Tremaine")
    fill_date(page, "Date of birth", date(2020, 7, 3))
    page.get_by_role("button", name="Save and continue").click()
    page.goto(f"/referrals/{draft.pk}/check/")
    page.get_by_role("button", name="Accept and send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral sent")
    page.context.clear_cookies()

    coordinator = CoordinatorFactory()
    sign_in(page, coordinator.email, PASSWORD)
    page.goto(f"/referrals/{draft.pk}/")
    matches = page.locator("#possible-matches + p + ul")
    expect(matches).to_contain_text("day and month swapped in the date of birth")
    expect(matches).to_contain_text("surname sounds the same")
    assert_accessible(page)
    page.get_by_role("link", name=f"Compare with {closed.referral.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Is this the same child?")
    assert_accessible(page)
    # Saving without an answer: the error links to the question and focuses it.
    page.get_by_role("button", name="Save answer").click()
    page.get_by_role("link", name="Select yes if these are the same child").click()
    expect(page.get_by_label("Yes, they are the same child: merge their records")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Yes, they are the same child: merge their records").check()
    page.get_by_role("button", name="Save answer").click()

    expect(
        page.get_by_text("Records merged: these referrals are now for one child")
    ).to_be_visible()
    history = page.locator("#previous-involvement + table")
    expect(history).to_contain_text(closed.referral.reference)
    expect(history).to_contain_text("Case closed")
    expect(page.locator("#possible-matches + p")).to_have_text(
        "No other records look like this child."
    )
    assert_accessible(page)


def test_a_guider_raises_a_lone_working_flag_and_sees_it_on_the_appointment(page: Page):
    appointment = FilmingAppointmentFactory()
    case = appointment.case
    Referral.objects.filter(pk=case.referral_id).update(child=Child.objects.create())
    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Raise a flag").click()
    assert_accessible(page)
    page.get_by_label("Lone-working risk").check()
    page.get_by_label("Details").fill("Dog in the house")
    page.get_by_label("The household").check()
    page.get_by_role("button", name="Raise the flag").click()

    expect(page.get_by_text("Flag raised: Lone-working risk: Dog in the house")).to_be_visible()
    banner = page.get_by_text("Lone-working risk: Dog in the house").first
    expect(banner).to_be_visible()
    assert_accessible(page)
    page.goto(f"/diary/appointments/{appointment.pk}/")
    expect(page.get_by_text("Lone-working risk: Dog in the house").first).to_be_visible()
    assert_accessible(page)
    # On a phone, between home visits.
    page.set_viewport_size({"width": 375, "height": 800})
    expect(page.get_by_text("Lone-working risk: Dog in the house").first).to_be_in_viewport()
    assert_accessible(page)

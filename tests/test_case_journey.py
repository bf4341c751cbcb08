"""A guider takes an allocated case from the first visit to closure, in the browser."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case
from cases.tests.factories import CaseFactory
from tests.conftest import assert_accessible, fill_date, sign_in
from vig_service.accounts.models import User

pytestmark = pytest.mark.browser


def _tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Case sections").get_by_role("link", name=name).click()
    assert_accessible(page)


def _cycle(page: Page, number: int, filmed, rating: str) -> None:
    _tab(page, "Cycles")
    page.get_by_role("button", name=f"Start cycle {number}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the filming").click()
    fill_date(page, "Date filmed", filmed)
    page.get_by_label("Setting or activity").fill("Play with building bricks")
    page.get_by_label("Who was filmed").fill("Mum and Poppy")
    page.get_by_label("Poppy (the child referred").check()
    page.get_by_label("Length in minutes").fill("10")
    page.get_by_role("button", name="Save filming").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a clip").click()
    assert_accessible(page)
    page.get_by_label("Time in the film").fill("02:30")
    page.get_by_label("What happens in the clip").fill("Mum waits and follows Poppy's lead.")
    page.get_by_label("Receiving initiatives").check()
    page.get_by_role("button", name="Add clip").click()
    page.get_by_role("button", name="Mark the clips as chosen").click()
    fill_date(page, "Date the clips were chosen", filmed + timedelta(days=1))
    page.get_by_role("button", name="Mark the clips as chosen").click()
    page.get_by_role("button", name="Record the shared review").click()
    assert_accessible(page)
    fill_date(page, "Date of the shared review", filmed + timedelta(days=2))
    page.get_by_label("Who attended").fill("Mum and the guider")
    page.get_by_label("How can I stay calm when she gets upset?").fill(rating)
    page.get_by_role("button", name="Save shared review").click()
    expect(page.get_by_text("Reviewed").first).to_be_visible()
    assert_accessible(page)


def test_guider_runs_a_case_from_first_visit_to_closure(page, demo_data):
    """Initial visit, contract, consent, helping question, two cycles, closure; chart and table."""
    guider = User.objects.get(email="guider@example.org")
    case = CaseFactory(
        guider=guider,
        opened_on=timezone.localdate() - timedelta(days=40),
        referral__child_first_name="Poppy",
        # A surname the demo never gives, so this is the only such row in My cases.
        referral__child_last_name="Kitto",
    )
    start = case.opened_on

    sign_in(page, "guider@example.org")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="My cases"
    ).click()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Poppy Kitto")
    expect(row).to_contain_text("Record the initial visit")
    row.get_by_role("link", name="Poppy Kitto").click()
    assert_accessible(page)

    _tab(page, "Contacts")
    page.get_by_role("button", name="Add a contact").click()
    fill_date(page, "Date of the contact", start + timedelta(days=2))
    page.get_by_label("Initial visit").check()
    page.get_by_label("Who attended").fill("Mum, Poppy and the guider")
    page.get_by_role("button", name="Add contact").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the contract").click()
    fill_date(page, "Date the written contract was agreed", start + timedelta(days=3))
    page.get_by_role("button", name="Save the contract date").click()

    _tab(page, "Consents")
    page.get_by_role("button", name="Add a consent").click()
    assert_accessible(page)
    page.get_by_label("To be filmed").check()
    page.get_by_label("Who gave the consent").fill("Kerensa Tremayne (mum)")
    fill_date(page, "Date given", start + timedelta(days=3))
    page.get_by_role("button", name="Add consent").click()
    expect(page.get_by_text("Live").first).to_be_visible()

    _tab(page, "Helping questions")
    page.get_by_role("button", name="Add a helping question").click()
    assert_accessible(page)
    page.get_by_label("Parent or carer").check()
    page.get_by_label("The helping question").fill("How can I stay calm when she gets upset?")
    fill_date(page, "Date set", start + timedelta(days=3))
    page.get_by_label("Baseline rating").fill("3")
    page.get_by_role("button", name="Add helping question").click()

    _tab(page, "Overview")
    page.get_by_role("button", name="Start the intervention").click()
    expect(page.locator("h1 .govuk-tag")).to_have_text("Active")
    assert_accessible(page)

    _cycle(page, 1, start + timedelta(days=7), "5")
    _cycle(page, 2, start + timedelta(days=21), "7")

    _tab(page, "Helping questions")
    chart = page.get_by_role("img").filter(has_text="How can I stay calm")
    expect(chart).to_have_count(1)
    table = page.locator("table").filter(has_text="Baseline")
    for rating in ("3", "5", "7"):
        expect(table.get_by_role("cell", name=rating, exact=True)).to_have_count(1)

    _tab(page, "Overview")
    page.get_by_role("button", name="Close the case").click()
    assert_accessible(page)
    fill_date(page, "Date the case closed", timezone.localdate())
    page.get_by_label("Completed").check()
    page.get_by_label("Final rating for “How can I stay calm when she gets upset?”").fill("8")
    page.get_by_label("Outcome summary").fill("Mum feels calmer; Poppy seeks her out to play.")
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator("h1 .govuk-tag")).to_have_text("Closed")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert [r.value for r in case.helping_questions.get().ratings.order_by("pk")] == [3, 5, 7, 8]

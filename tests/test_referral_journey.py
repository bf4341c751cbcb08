"""A referrer completes a referral in the browser, by the labels they see, page by page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def _choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def test_referrer_completes_a_referral_and_sees_it_in_my_referrals(page, demo_data):
    """From My referrals to a reference number, with axe on every page of the journey."""
    sign_in(page, "referrer@example.org")
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="New referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refer a family for Video Interaction Guidance"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    # About the child — first a mistake, to see the error summary keep what was typed.
    expect(page.get_by_role("heading", level=1)).to_have_text("About the child")
    assert_accessible(page)
    page.get_by_label("First name").fill("Poppy")
    page.get_by_label("Last name").fill("Tremayne")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2021")
    _choose(page, "Gender", "Girl")
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    _continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of birth must be a real date"
    )
    expect(page.get_by_label("First name")).to_have_value("Poppy")
    assert_accessible(page)
    page.get_by_label("Day").fill("28")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("The child's needs and language")
    assert_accessible(page)
    page.get_by_label("School year").select_option(label="Year 1")
    _choose(page, "Does the child have special educational needs or disabilities (SEND)?", "No")
    _choose(
        page, "Does the child have an autism diagnosis, or are they being assessed?", "Not known"
    )
    page.get_by_label("The child's first language").fill("English")
    _choose(page, "Does the family need an interpreter?", "No")
    page.get_by_label("Postcode district").fill("TR1")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Parents and carers")
    assert_accessible(page)
    page.get_by_role("link", name="Add a parent or carer").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Kerensa Tremayne")
    _choose(page, "Relationship to the child", "Birth parent")
    page.get_by_label("Phone number (optional)").fill("07700 900123")
    _choose(page, "Are they motivated to take part?", "Yes")
    _choose(page, "Have they agreed to this referral?", "Yes")
    page.get_by_role("button", name="Save parent or carer").click()
    expect(page.get_by_role("heading", name="Kerensa Tremayne")).to_be_visible()
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Other children in the household")
    assert_accessible(page)
    _choose(page, "Do other children live in the household?", "No")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Plan status and route in")
    assert_accessible(page)
    _choose(page, "What is the child's legal or plan status?", "Child in need plan (CIN)")
    _choose(page, "How did this request come to the service?", "Direct professional request")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("What the family needs help with")
    assert_accessible(page)
    page.get_by_label("Attachment and relationship difficulties or breakdown").check()
    page.get_by_label("Challenges in parenting").check()
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Before you refer")
    assert_accessible(page)
    _choose(page, "Does your assessment indicate VIG is the right intervention?", "Yes")
    page.get_by_label("Why is VIG the right intervention?").fill(
        "Our assessment shows the relationship is the main need."
    )
    _choose(
        page,
        "Has VIG been discussed with the other professionals working with the family?",
        "Yes",
    )
    _choose(page, "Has the family seen an explanation of VIG, such as a video?", "Yes")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("The service's questions")
    assert_accessible(page)
    page.get_by_label("What change is hoped for by the parent or carer from VIG?").fill(
        "To enjoy playtime together again."
    )
    _choose(page, "Has this been mutually agreed?", "Yes")
    page.get_by_label("What impact will this have on the child's lived experience?").fill(
        "Poppy will feel understood and calmer."
    )
    _choose(page, "Is the parent or carer clear about this?", "Yes")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_contain_text("PRFQ")
    assert_accessible(page)
    _choose(page, "Has the parent or carer completed a PRFQ?", "No")
    _continue(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Eligibility")
    expect(page.get_by_text("The child is eligible for this service")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending the referral"
    )
    expect(page.get_by_text("Kerensa Tremayne")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Referral sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"VIG-\d{4}-\d{5}", reference)
    assert_accessible(page)

    page.get_by_role("link", name="My referrals").first.click()
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("PT")
    expect(row).to_contain_text("Submitted")
    assert_accessible(page)
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)
    assert_accessible(page)

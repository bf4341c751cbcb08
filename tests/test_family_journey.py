"""The family's own voice in a real browser: a guider sends the feedback questionnaire at
closure and a parent answers it on a phone; a parent opens their family page, sees their
ratings chart and withdraws their consent to filming, and the guider's next filming is refused.
The family's pages are checked with axe at 375 px."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Consent
from cases.tests.factories import ClosedCaseFactory, ConsentFactory
from cycles.tests.factories import CycleFactory
from family.models import FeedbackAnswer
from measures.services import measure_result_record, prfq_measure
from tests.conftest import assert_accessible, fill_date, sign_in
from vig_service.accounts.tests.factories import PASSWORD, ManagerFactory

pytestmark = pytest.mark.browser


def _make_link(page: Page, case, *, button: str) -> str:
    """The guider makes a link to copy into a text message; returns its address."""
    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/family/cases/{case.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=button).click()
    assert_accessible(page)
    page.get_by_label("Who is the link for?").fill("Mum")
    page.get_by_label("I will copy it into a text message or email myself").check()
    page.get_by_role("button", name="Make the").click()
    expect(page.get_by_role("heading", name="Link made")).to_be_visible()
    assert_accessible(page)
    return page.get_by_label("The link").input_value()


def _on_a_phone(page: Page):
    """A fresh browser (no staff session) the size of a phone, as the parent's would be."""
    context = page.context.browser.new_context(
        base_url=page.url.split("/family/")[0], viewport={"width": 375, "height": 800}
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _date_of_birth(phone: Page, born) -> None:
    assert_accessible(phone)
    fill_date(phone, "What is your child's date of birth?", born)
    phone.get_by_role("button", name="Continue").click()


def _fits(phone: Page) -> None:
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{phone.url} is {width}px wide at 375px"


def test_a_parent_answers_the_feedback_questionnaire_on_a_phone(page: Page):
    case = ClosedCaseFactory()
    url = _make_link(page, case, button="Send the feedback questionnaire")
    context, phone = _on_a_phone(page)
    phone.goto(url)
    # A wrong date first: the error says how many tries are left, and links to the question.
    group = phone.get_by_role("group", name="What is your child's date of birth?")
    group.get_by_label("Day").fill("31")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill("2020")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("link", name="must be a real date")).to_be_visible()
    _date_of_birth(phone, case.referral.child_date_of_birth)

    expect(phone.get_by_text("Question 1 of 4")).to_be_visible()
    assert_accessible(phone)
    _fits(phone)
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_role("link", name="Select how helpful VIG was").click()
    expect(phone.get_by_label("Very helpful")).to_be_focused()
    assert_accessible(phone)
    phone.get_by_label("Very helpful").check()
    phone.get_by_role("button", name="Continue").click()
    assert_accessible(phone)
    phone.get_by_label("What has changed for you and your child?").fill("We laugh more")
    phone.get_by_role("button", name="Continue").click()
    assert_accessible(phone)
    phone.get_by_role("button", name="Continue").click()
    assert_accessible(phone)
    phone.get_by_label("Yes").check()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check your answers")).to_be_visible()
    assert_accessible(phone)
    _fits(phone)
    phone.get_by_role("button", name="Send your answers").click()
    expect(phone.get_by_role("heading", name="Answers sent")).to_be_visible()
    assert_accessible(phone)
    answer = FeedbackAnswer.objects.get(link__case=case)
    assert (answer.helpfulness, answer.what_changed, answer.recommend) == (
        "very",
        "We laugh more",
        "yes",
    )
    # The link works once; a mistyped one is not recognised. Both pages say what to do.
    phone.goto(url)
    expect(phone.get_by_text("your answers have already been sent")).to_be_visible()
    assert_accessible(phone)
    phone.goto(url[:-3] + "xyz/")
    expect(phone.get_by_role("heading", name="This link is not recognised")).to_be_visible()
    assert_accessible(phone)
    context.close()


def test_a_parent_withdraws_filming_on_their_page_and_the_next_filming_is_refused(page: Page):
    cycle = CycleFactory()
    case = cycle.case
    question = case.helping_questions.first()
    url = _make_link(page, case, button="Give the family a link to their page")

    context, phone = _on_a_phone(page)
    phone.goto(url)
    _date_of_birth(phone, case.referral.child_date_of_birth)
    expect(phone.get_by_role("heading", name="Your VIG page")).to_be_visible()
    expect(phone.get_by_role("heading", name=question.wording)).to_be_visible()
    expect(phone.locator("svg").first).to_be_visible()  # the ratings chart
    assert_accessible(phone)
    _fits(phone)
    phone.get_by_role("link", name="Withdraw consent to be filmed").click()
    assert_accessible(phone)
    phone.get_by_role("button", name="Withdraw this consent").click()
    expect(phone.get_by_text("Consent withdrawn: to be filmed")).to_be_visible()
    expect(phone.get_by_text("Withdrawn by you on")).to_be_visible()
    assert_accessible(phone)
    context.close()

    assert case.consents.get(kind=Consent.Kind.FILMING).withdrawn_by_family
    page.goto(f"/cycles/{cycle.pk}/filming/")
    fill_date(page, "Date filmed", timezone.localdate())
    page.get_by_label("Setting or activity").fill("Play")
    page.get_by_label("Who was filmed").fill("Mum and Jo")
    page.get_by_label("Length in minutes").fill("10")
    page.get_by_role("group", name="Which children were filmed?").get_by_role(
        "checkbox"
    ).first.check()
    page.get_by_role("button", name="Save filming").click()
    expect(page.get_by_text("The family withdrew their consent to filming")).to_be_visible()
    assert_accessible(page)


def test_a_second_consent_stays_when_one_is_withdrawn(page: Page):
    """Only the chosen consent goes: the page lists the rest as given."""
    cycle = CycleFactory()
    ConsentFactory(case=cycle.case, kind=Consent.Kind.CLIPS_SHOWN, named_person="Sam, nurse")
    url = _make_link(page, cycle.case, button="Give the family a link to their page")
    context, phone = _on_a_phone(page)
    phone.goto(url)
    _date_of_birth(phone, cycle.case.referral.child_date_of_birth)
    phone.get_by_role("link", name="Withdraw consent for clips to be shown").click()
    phone.get_by_role("button", name="Withdraw this consent").click()
    expect(phone.get_by_text("Withdrawn by you on")).to_have_count(1)
    expect(phone.get_by_role("link", name="Withdraw consent to be filmed")).to_be_visible()
    context.close()


def test_a_manager_reads_paired_prfq_results_in_the_outcome_measures_report(page: Page):
    """A guider records PRFQ at closure in the browser; the report pairs it with referral's."""
    case = ClosedCaseFactory(closed_on=timezone.localdate())
    prfq = prfq_measure()
    items = list(prfq.current_version().items.all())
    measure_result_record(
        referral_id=case.referral_id,
        measure_id=prfq.pk,
        time_point="referral",
        taken_on=timezone.localdate() - timedelta(days=90),
        scores={item.pk: Decimal(value) for item, value in zip(items, (4, 3, 3), strict=True)},
        by=case.guider,
    )
    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/measures/")
    assert_accessible(page)
    page.get_by_role("link", name="Record Parental Reflective Functioning").click()
    page.get_by_label("At closure").check()
    fill_date(page, "Date taken", timezone.localdate())
    page.get_by_label("Pre-mentalizing").fill("2")
    page.get_by_label("Certainty about mental states").fill("9")
    page.get_by_label("Interest and curiosity").fill("5")
    page.get_by_role("button", name="Save Parental").click()
    page.get_by_role("link", name="must be from 1 to 7").click()
    expect(page.get_by_label("Certainty about mental states")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Certainty about mental states").fill("3")
    page.get_by_role("button", name="Save Parental").click()
    expect(page.get_by_text("At closure", exact=False).first).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, ManagerFactory().email, PASSWORD)
    page.goto("/reports/measures/")
    table = page.get_by_role("table", name="Change from the first result to the last, for cases")
    row = table.get_by_role("row", name="Pre-mentalizing")
    expect(row).to_contain_text("-2")
    expect(row).to_contain_text("100%")
    assert_accessible(page)

"""A guider adds a plan to a case in the browser; the coordinator downloads it once it is clean;
a file carrying the EICAR test string is quarantined and offered to no one."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cases.tests.factories import CaseFactory
from documents.models import Document
from documents.tests.clamd import EICAR
from documents.tests.factories import PDF
from referrals.tests.factories import CompleteDraftFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.browser


def test_a_referrer_attaches_a_plan_while_drafting_and_the_coordinator_downloads_it(
    page: Page, scanner, tmp_path
):
    referral = CompleteDraftFactory()
    plan = tmp_path / "Early Help plan.pdf"
    plan.write_bytes(PDF)
    sign_in(page, referral.referrer.email, PASSWORD)
    page.goto(reverse("referrals:check", args=[referral.pk]))
    page.get_by_role("link", name="Attach or see documents").click()
    assert_accessible(page)
    page.get_by_role("button", name="Attach a document").click()
    page.get_by_label("Assessment or plan (EHA, CMD, FFL)").check()
    page.get_by_label("Title").fill("Early Help plan")
    page.get_by_label("Upload a file").set_input_files(plan)
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_text("Checked: no virus found")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the referral").click()
    page.get_by_role("button", name="Accept and send").click()
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, CoordinatorFactory().email, PASSWORD)
    page.goto(reverse("referrals:detail", args=[referral.pk]))
    page.get_by_role("link", name="Documents sent with the referral").click()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Early Help plan (download)").click()
    assert download.value.path().read_bytes() == PDF


def test_a_plan_is_added_checked_and_downloaded_and_the_eicar_file_is_quarantined(
    page: Page, scanner, tmp_path
):
    case = CaseFactory()
    plan, infected = tmp_path / "Family plan.pdf", tmp_path / "eicar.pdf"
    plan.write_bytes(PDF)
    infected.write_bytes(PDF + EICAR)

    sign_in(page, case.guider.email, PASSWORD)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Documents").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a document").click()
    # Nothing chosen: each error links to its question.
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_role("link", name="Select a file")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Assessment or plan (EHA, CMD, FFL)").check()
    page.get_by_label("Title").fill("Family plan")
    page.get_by_label("Upload a file").set_input_files(plan)
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_text("Family plan added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a document").click()
    page.get_by_label("Something else").check()
    page.get_by_label("Title").fill("Suspicious scan")
    page.get_by_label("Upload a file").set_input_files(infected)
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_text("Virus found: quarantined")).to_be_visible()
    assert set(Document.objects.values_list("title", "status")) == {
        ("Family plan", "clean"),
        ("Suspicious scan", "infected"),
    }

    coordinator = CoordinatorFactory()
    page.context.clear_cookies()
    sign_in(page, coordinator.email, PASSWORD)
    page.goto(reverse("documents:case_list", args=[case.pk]))
    expect(page.get_by_text("Virus found: quarantined")).to_be_visible()
    expect(page.get_by_role("link", name="Suspicious scan")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Family plan (download)").click()
    assert download.value.suggested_filename == "Family plan.pdf"
    assert download.value.path().read_bytes() == PDF
    quarantined = Document.objects.get(status="infected")
    assert page.request.get(quarantined.get_download_url()).status == 404

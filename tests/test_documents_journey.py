"""A guider adds a plan to a case in the browser; the coordinator downloads it once it is clean;
a file carrying the EICAR test string is quarantined and offered to no one."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Consent
from cases.tests.factories import ActiveCaseFactory, CaseFactory, SharingConsentFactory
from documents.models import Document
from documents.tests.clamd import EICAR
from documents.tests.factories import PDF
from documents.tests.pdf import read_pdf
from referrals.models import Referral
from referrals.tests.factories import CompleteDraftFactory, ParentCarerFactory
from tests.conftest import assert_accessible, sign_in
from training.models import Course
from training.tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GuiderTraineeFactory,
    RunningCourseFactory,
)
from vig_service.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    CoordinatorFactory,
)

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


def test_a_guider_writes_the_contract_uploads_the_signed_copy_and_closing_writes_the_summary(
    page: Page, scanner, tmp_path
):
    """The contract's PDF names the family and each consent; the summary carries the chart."""
    case = ActiveCaseFactory(referral__child_first_name="Jory", referral__child_last_name="Pascoe")
    ParentCarerFactory(referral=case.referral, name="Tamsin Pascoe")
    SharingConsentFactory(case=case)
    question = case.helping_questions.get()

    sign_in(page, case.guider.email, PASSWORD)
    page.goto(reverse("documents:case_list", args=[case.pk]))
    page.get_by_role("button", name="Write the contract").click()
    expect(page.get_by_text("written. Print it for the family to sign")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="(download)").first.click()
    contract = read_pdf(download.value.path().read_bytes())
    assert "Tamsin Pascoe" in contract.text
    assert "Jory Pascoe" in contract.text
    for scope in Consent.Kind:
        assert scope.label in contract.text

    signed = tmp_path / "signed contract.pdf"
    signed.write_bytes(PDF)
    page.get_by_role("button", name="Add a document").click()
    page.get_by_label("Signed written contract").check()
    page.get_by_label("Title").fill("Signed contract")
    on = timezone.localdate()
    page.locator("#id_signed_on_0").fill(str(on.day))
    page.locator("#id_signed_on_1").fill(str(on.month))
    page.locator("#id_signed_on_2").fill(str(on.year))
    page.get_by_label("Upload a file").set_input_files(signed)
    page.get_by_role("button", name="Add document").click()
    expect(page.get_by_text("Signed contract added")).to_be_visible()
    case.refresh_from_db()
    assert case.contract_agreed_on == on

    page.goto(reverse("cases:close", args=[case.pk]))
    page.locator("#id_closed_on_0").fill(str(on.day))
    page.locator("#id_closed_on_1").fill(str(on.month))
    page.locator("#id_closed_on_2").fill(str(on.year))
    page.get_by_label("Completed").check()
    page.get_by_label(f"Final rating for “{question.wording}”").fill("8")
    page.get_by_label("Outcome summary").fill("Tamsin follows Jory's lead in play.")
    page.get_by_role("button", name="Close the case").click()
    page.goto(reverse("documents:case_list", args=[case.pk]))
    summary = page.get_by_role("link", name="Closure summary for the family")
    expect(summary).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        summary.click()
    text = read_pdf(download.value.path().read_bytes()).text
    assert question.wording in text
    assert "3 out of 10 at the start, 8 out of 10 at the end" in text
    assert "Baseline" in text  # the chart's axis label


def test_an_administrator_edits_a_letter_with_a_preview_and_sets_the_upload_limits(page: Page):
    admin = AdministratorFactory()
    sign_in(page, admin.email, PASSWORD)
    page.goto(reverse("documents:configuration"))
    assert_accessible(page)
    page.get_by_label("Largest file, in MB").fill("200")
    page.get_by_role("button", name="Save document settings").click()
    error = page.get_by_role("link", name="Largest file, in MB must be")
    expect(error).to_be_visible()
    assert_accessible(page)
    error.click()
    expect(page.get_by_label("Largest file, in MB")).to_be_focused()

    page.get_by_role("link", name="Letters").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Decline letter").click()
    assert_accessible(page)
    body = page.get_by_label("Text")
    body.fill("Dear {{ referrer_name }},\n\nWe cannot accept it: {{ reason }}.")
    page.get_by_role("button", name="Preview").click()
    error = page.get_by_role("link", name="{{ reason }} is not a placeholder")
    expect(error).to_be_visible()
    assert_accessible(page)
    error.click()
    expect(page.get_by_label("Text")).to_be_focused()
    page.get_by_label("Text").fill(
        "Dear {{ referrer_name }},\n\nNot accepted: {{ decline_reason }}."
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("Not accepted: [Why it was declined].")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.get_by_text("Decline letter saved as version 2")).to_be_visible()


def test_a_coordinator_writes_the_decline_letter_and_a_courses_certificates(page: Page):
    """Each new page passes axe; the letter and the certificate download as PDFs."""
    case = CaseFactory()
    referral = case.referral
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.DECLINED, decline_reason="Family moved out of the area"
    )
    course = RunningCourseFactory()
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DELIVERED)
    enrolment = EnrolmentFactory(course=course, full_name="Demelza Rowe")
    for day in course.days.all():
        AttendanceFactory(enrolment=enrolment, day=day)
    coordinator = CoordinatorFactory()
    trainee = GuiderTraineeFactory()

    sign_in(page, coordinator.email, PASSWORD)
    page.goto(reverse("documents:referral_list", args=[referral.pk]))
    page.get_by_role("button", name="Write the letter to the referrer").click()
    expect(page.get_by_text("Decline letter: ")).to_have_count(2)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="(download)").first.click()
    assert "Family moved out of the area" in read_pdf(download.value.path().read_bytes()).text

    page.goto(reverse("training:course_detail", args=[course.pk]))
    page.get_by_role("link", name="Certificates of attendance").click()
    page.get_by_role("button", name="Write certificates").click()
    expect(page.get_by_text("1 certificate written")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Course certificate: Demelza Rowe (download)").click()
    assert "Demelza Rowe" in read_pdf(download.value.path().read_bytes()).text

    page.goto(trainee.get_absolute_url())
    page.get_by_role("link", name="Certificates and accreditation documents").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a certificate").click()
    assert_accessible(page)

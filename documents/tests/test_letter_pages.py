"""The letters pages: writing a contract, the signed copy, certificates, the templates, limits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cases.tests.factories import ActiveCaseFactory, ContractingCaseFactory
from documents.configuration import DocumentSettings
from documents.models import Document, LetterTemplate
from documents.tests.factories import PDF, PNG, DocumentFactory, upload
from documents.tests.pdf import read_document
from training.models import Course
from training.tests.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    GuiderTraineeFactory,
    RunningCourseFactory,
)
from vig_service.accounts.tests.factories import AdministratorFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(documents_store):
    return documents_store


def _date(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_guider_writes_the_contract_from_the_documents_tab(client):
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    tab = client.get(reverse("documents:case_list", args=[case.pk])).content.decode()
    assert "Write the contract" in tab
    response = client.post(reverse("documents:contract_write", args=[case.pk]), follow=True)
    page = response.content.decode()
    assert "Written contract: " in page
    assert "Print it for the family to sign" in page
    document = Document.objects.get(case=case)
    assert "Written by the service" in page
    download = client.get(document.get_download_url())
    assert download["Content-Disposition"].startswith('attachment; filename="written-contract-')
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_writing_a_contract_with_no_helping_questions_says_what_to_do_first(client):
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    response = client.post(reverse("documents:contract_write", args=[case.pk]), follow=True)
    assert "Add the family&#x27;s helping questions before writing the contract" in (
        response.content.decode()
    )
    assert not Document.objects.exists()


def test_the_signed_contract_uploaded_records_the_contract_date(client):
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    signed = timezone.localdate() - datetime.timedelta(days=2)
    add = reverse("documents:case_add", args=[case.pk])
    response = client.post(
        add,
        {
            "kind": "contract",
            "title": "Signed contract",
            "file": upload(),
            **_date("signed_on", signed),
        },
        follow=True,
    )
    assert "Signed contract added" in response.content.decode()
    case.refresh_from_db()
    assert case.contract_agreed_on == signed
    assert Case.objects.get(pk=case.pk).events.filter(action="contract_recorded").exists()


@pytest.mark.parametrize(
    ("signed", "message"),
    [
        (None, "Enter the date the family signed the contract"),
        (timezone.localdate() + datetime.timedelta(days=3), "must be today or in the past"),
    ],
)
def test_a_signed_contract_without_a_good_date_is_refused_and_nothing_kept(
    client, documents_store, signed, message
):
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    data = {"kind": "contract", "title": "Signed contract", "file": upload()}
    if signed:
        data |= _date("signed_on", signed)
    page = client.post(reverse("documents:case_add", args=[case.pk]), data).content.decode()
    assert message in page
    assert 'href="#id_signed_on_0"' in page
    assert not Document.objects.exists()
    assert not [path for path in documents_store.rglob("*") if path.is_file()]
    case.refresh_from_db()
    assert case.contract_agreed_on is None


def test_a_coordinator_writes_certificates_for_a_delivered_course(client):
    course = RunningCourseFactory()
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DELIVERED)
    enrolment = EnrolmentFactory(course=course, full_name="Demelza Rowe")
    for day in course.days.all():
        AttendanceFactory(enrolment=enrolment, day=day)
    client.force_login(CoordinatorFactory())
    detail = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    assert reverse("documents:course_list", args=[course.pk]) in detail
    response = client.post(reverse("documents:certificates_write", args=[course.pk]), follow=True)
    page = response.content.decode()
    assert "1 certificate written" in page
    assert "Course certificate: Demelza Rowe" in page
    again = client.post(reverse("documents:certificates_write", args=[course.pk]), follow=True)
    assert "Everyone who completed the course already has a certificate" in again.content.decode()


def test_a_trainee_adds_their_own_certificate(client):
    trainee = GuiderTraineeFactory()
    client.force_login(trainee.user)
    detail = client.get(trainee.get_absolute_url()).content.decode()
    assert reverse("documents:trainee_list", args=[trainee.pk]) in detail
    response = client.post(
        reverse("documents:trainee_add", args=[trainee.pk]),
        {"kind": "certificate_received", "title": "AVIGuk accreditation", "file": upload()},
        follow=True,
    )
    assert "AVIGuk accreditation added" in response.content.decode()
    assert Document.objects.get().trainee == trainee


def test_an_administrator_previews_and_saves_new_wording(client):
    client.force_login(AdministratorFactory())
    listing = client.get(reverse("documents:letter_templates")).content.decode()
    edit = reverse("documents:letter_template", args=["decline"])
    assert edit in listing
    assert "The first wording" in listing
    form = client.get(edit).content.decode()
    assert "{{ decline_reason }}" in form
    body = "Dear {{ referrer_name }},\n\nWe could not accept it: {{ decline_reason }}.\n"
    preview = client.post(
        edit, {"title": "Not accepted", "body": body, "version": 1, "preview": ""}
    ).content.decode()
    assert "[Why it was declined]" in preview
    assert not LetterTemplate.objects.filter(version=2).exists()
    response = client.post(
        edit, {"title": "Not accepted", "body": body, "version": 1, "save": ""}, follow=True
    )
    assert "Decline letter saved as version 2" in response.content.decode()
    assert LetterTemplate.objects.get(kind="decline", version=2).title == "Not accepted"


def test_an_unknown_placeholder_is_refused_on_the_text_naming_it(client):
    client.force_login(AdministratorFactory())
    edit = reverse("documents:letter_template", args=["contract"])
    page = client.post(
        edit, {"title": "Agreement", "body": "Hello {{ mum_name }}", "version": 1, "save": ""}
    ).content.decode()
    assert "{{ mum_name }} is not a placeholder this letter can use" in page
    assert 'href="#id_body"' in page
    assert "Hello {{ mum_name }}" in page  # nothing typed is lost
    assert not LetterTemplate.objects.filter(version=2).exists()


def test_an_unknown_kind_of_letter_is_a_404(client):
    client.force_login(AdministratorFactory())
    assert client.get(reverse("documents:letter_template", args=["ransom"])).status_code == 404


def test_the_configuration_page_sets_the_limits_uploads_are_held_to(client):
    admin = AdministratorFactory()
    client.force_login(admin)
    url = reverse("documents:configuration")
    section = DocumentSettings.load()
    page = client.get(url).content.decode()
    assert "Largest file, in MB" in page
    response = client.post(
        url,
        {
            "loaded_at": section.updated_at.isoformat(),
            "max_megabytes": "1",
            "allowed_types": ["application/pdf"],
        },
        follow=True,
    )
    assert "Document settings saved" in response.content.decode()
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    add = reverse("documents:case_add", args=[case.pk])
    assert "A PDF, smaller than 1 MB" in client.get(add).content.decode()
    png = client.post(
        add, {"kind": "other", "title": "Photo", "file": upload(PNG, "photo.png")}
    ).content.decode()
    assert "The selected file must be a PDF" in png
    big = client.post(
        add,
        {"kind": "other", "title": "Big", "file": upload(PDF + b"0" * (1024 * 1024), "big.pdf")},
    ).content.decode()
    assert "The selected file must be smaller than 1 MB" in big
    assert not Document.objects.exists()


def test_a_failed_check_is_started_again_from_the_list(client, scanner):
    document = DocumentFactory(status=Document.Status.FAILED)
    client.force_login(document.case.guider)
    tab = client.get(reverse("documents:case_list", args=[document.case_id])).content.decode()
    check = reverse("documents:case_check_again", args=[document.case_id, document.pk])
    assert check in tab
    response = client.post(check, follow=True)
    assert "is being checked for viruses again" in response.content.decode()
    document.refresh_from_db()
    assert document.status in {"pending", "clean"}


def test_the_contract_pdf_lists_what_the_page_said_it_would(client):
    case = ActiveCaseFactory()
    client.force_login(case.guider)
    client.post(reverse("documents:contract_write", args=[case.pk]))
    text = read_document(Document.objects.get()).text
    assert case.referral.child_name in text

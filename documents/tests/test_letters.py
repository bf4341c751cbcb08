"""Letters written as PDFs from the templates, read back with pypdf (documents/letters/)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import CaseEvent, Consent
from cases.services import case_close
from cases.tests.factories import (
    ActiveCaseFactory,
    ClosedCaseFactory,
    ContractingCaseFactory,
    SharingConsentFactory,
)
from documents import services
from documents.errors import DocumentError
from documents.models import Document, LetterTemplate
from documents.tests.pdf import read_document
from referrals.models import Referral
from referrals.tests.factories import HouseholdChildFactory, ParentCarerFactory
from training.models import Course
from training.tests.factories import AttendanceFactory, EnrolmentFactory, RunningCourseFactory
from vig_service.accounts.tests.factories import AdministratorFactory, CoordinatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store(documents_store):
    return documents_store


def _files(store) -> list:
    return [path for path in store.rglob("*") if path.is_file()] if store.exists() else []


def _family_case():
    case = ActiveCaseFactory(referral__child_first_name="Jory", referral__child_last_name="Pascoe")
    ParentCarerFactory(referral=case.referral, name="Tamsin Pascoe")
    HouseholdChildFactory(referral=case.referral, first_name="Elowen")
    SharingConsentFactory(case=case)
    return case


def test_the_written_contract_names_the_family_each_consent_and_the_footage_promise():
    case = _family_case()
    document = services.letter_write_contract(case_id=case.pk, by=case.guider)

    pdf = read_document(document)
    for words in (
        "Tamsin Pascoe",
        "Jory Pascoe",
        "Elowen",
        case.guider.full_name,
        case.helping_questions.first().wording,
        "will not be shown to anyone outside the VIG service without your permission",
        "Sam Trewin, social worker",
    ):
        assert words in pdf.text, words
    for scope in Consent.Kind:
        assert scope.label in pdf.text, scope.label
    assert (pdf.title, pdf.language, pdf.tagged) == (
        "Video Interaction Guidance: our agreement",
        "en-GB",
        True,
    )
    assert (document.kind, document.status, document.letter.version) == ("letter", "clean", 1)
    assert document.filename.startswith("written-contract-")
    assert CaseEvent.objects.filter(case=case, action="document_written").count() == 1


def test_a_contract_for_a_case_with_no_helping_questions_is_refused_and_nothing_kept(
    documents_store,
):
    case = ContractingCaseFactory()
    with pytest.raises(DocumentError, match="helping questions"):
        services.letter_write_contract(case_id=case.pk, by=case.guider)
    assert not Document.objects.exists()
    assert _files(documents_store) == []


def test_a_name_written_as_markup_is_printed_as_typed_not_obeyed():
    case = _family_case()
    ParentCarerFactory(referral=case.referral, name='<img src="http://x/">Ann')
    document = services.letter_write_contract(case_id=case.pk, by=case.guider)
    assert '<img src="http://x/">Ann' in read_document(document).text


def test_an_administrators_new_wording_is_a_version_the_next_letter_records():
    admin = AdministratorFactory()
    first = services.letter_template_current("contract")
    saved = services.letter_template_save(
        kind="contract",
        title="Our agreement with you",
        body=first.body + "\nWe will meet you at home or at the children's centre.\n",
        by=admin,
        loaded_version=first.version,
    )
    assert (saved.version, saved.saved_by) == (2, admin)
    case = _family_case()
    document = services.letter_write_contract(case_id=case.pk, by=case.guider)
    pdf = read_document(document)
    assert "at home or at the children's centre" in pdf.text
    assert pdf.title == "Our agreement with you"
    assert document.letter == saved
    # Version 1 is kept: a letter written before still names the wording it used.
    assert LetterTemplate.objects.filter(kind="contract").count() == 2


def test_a_save_from_a_page_loaded_before_someone_elses_is_refused():
    admin, other = AdministratorFactory(), AdministratorFactory()
    first = services.letter_template_current("decline")
    services.letter_template_save(
        kind="decline",
        title=first.title,
        body="Dear {{ referrer_name }},\n",
        by=other,
        loaded_version=1,
    )
    with pytest.raises(DocumentError, match=f"{other.full_name} saved version 2"):
        services.letter_template_save(
            kind="decline", title=first.title, body="Mine\n", by=admin, loaded_version=1
        )
    assert LetterTemplate.objects.filter(kind="decline").count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Dear {{ child_nam }},", "{{ child_nam }} is not a placeholder this letter can use"),
        ("Dear {{ child_name },", "A placeholder is not closed"),
        ("We agreed {{ consents }} today.", "Put {{ consents }} on a line of its own"),
        ("", "Enter the letter's text"),
    ],
)
def test_a_template_the_service_could_not_fill_in_is_refused_naming_why(body, message):
    with pytest.raises(DocumentError, match=message.replace("{", r"\{").replace("}", r"\}")):
        services.letter_template_save(
            kind="contract",
            title="Agreement",
            body=body,
            by=AdministratorFactory(),
            loaded_version=1,
        )
    assert not LetterTemplate.objects.filter(saved_by__isnull=False).exists()


def test_the_decline_letter_gives_the_referrer_the_reason():
    case = ActiveCaseFactory()
    referral = case.referral
    Referral.objects.filter(pk=referral.pk).update(
        status=Referral.Status.DECLINED,
        decline_reason="Already receiving a parenting programme",
        decided_at=timezone.now(),
    )
    document = services.letter_write_decision(referral_id=referral.pk, by=CoordinatorFactory())
    pdf = read_document(document)
    assert "Already receiving a parenting programme" in pdf.text
    assert referral.referrer.full_name in pdf.text
    assert pdf.title == "Your referral has not been accepted"
    assert document.referral_id == referral.pk


def test_no_letter_is_written_for_a_referral_not_yet_decided():
    case = ActiveCaseFactory()
    Referral.objects.filter(pk=case.referral_id).update(status=Referral.Status.SUBMITTED)
    with pytest.raises(DocumentError, match="accepted or declined"):
        services.letter_write_decision(referral_id=case.referral_id, by=CoordinatorFactory())


def test_closing_a_case_writes_both_summaries_with_the_ratings_and_their_chart(
    django_capture_on_commit_callbacks,
):
    case = _family_case()
    question = case.helping_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        case_close(
            case_id=case.pk,
            by=case.guider,
            closed_on=timezone.localdate(),
            reason="completed",
            outcome_summary="Tamsin now notices Jory's initiatives and follows his lead.",
            final_ratings={question.pk: 8},
        )
    summaries = {d.letter.kind: d for d in Document.objects.filter(case=case, kind="letter")}
    assert set(summaries) == {"closure_family", "closure_referrer"}
    family = read_document(summaries["closure_family"])
    assert "follows his lead" in family.text
    assert question.wording in family.text
    assert "3 out of 10 at the start, 8 out of 10 at the end" in family.text
    # The chart's own labels: the baseline and the closing rating on the axis.
    assert "Baseline" in family.text
    referrer = read_document(summaries["closure_referrer"])
    assert case.referral.reference in referrer.text


def test_a_closure_summary_for_a_case_with_no_helping_questions_says_so():
    case = ClosedCaseFactory()
    family, _ = services.letters_write_closure(case_id=case.pk, by=case.guider)
    assert "No helping questions were recorded" in read_document(family).text


def test_certificates_go_to_those_who_completed_both_days_once_each():
    course = RunningCourseFactory()
    Course.objects.filter(pk=course.pk).update(status=Course.Status.DELIVERED)
    completed = EnrolmentFactory(course=course, full_name="Morwenna Hocking")
    day_one, day_two = course.days.order_by("number")
    AttendanceFactory(enrolment=completed, day=day_one)
    AttendanceFactory(
        enrolment=completed,
        day=day_two,
        attended=False,
        made_up_on=timezone.localdate() - timedelta(days=0),
    )
    half = EnrolmentFactory(course=course, full_name="Half Day")
    AttendanceFactory(enrolment=half, day=day_one)
    coordinator = CoordinatorFactory()

    written = services.certificates_write(course_id=course.pk, by=coordinator)
    assert [document.enrolment for document in written] == [completed]
    pdf = read_document(written[0])
    assert "Morwenna Hocking" in pdf.text
    assert course.get_kind_display() in pdf.text
    assert services.certificates_write(course_id=course.pk, by=coordinator) == []


def test_no_certificates_before_the_course_is_delivered():
    course = RunningCourseFactory()
    with pytest.raises(DocumentError, match="delivered"):
        services.certificates_write(course_id=course.pk, by=CoordinatorFactory())

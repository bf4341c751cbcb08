"""Writes for documents: keeping an upload, checking it for viruses, checking it again.

A file is stored and its row written together or not at all: if the row cannot be written the
stored file is removed again, so a failed upload leaves nothing behind (docs/architecture.md,
"Documents").
"""

import uuid
from datetime import date

from django.db import transaction
from django.db.models import Q

from cases.models import Case
from cases.rules import CLOSED_MESSAGE
from cases.services import case_record_contract
from documents import rules, scanner
from documents.configuration import DocumentSettings
from documents.errors import DocumentError
from documents.models import (
    Document,
    DocumentEventAction,
    DocumentKind,
    ScanStatus,
    documents_storage,
    record_event,
)
from documents.tasks import scan_document
from referrals.models import Referral
from training.models import Course, Trainee
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.email import send_after_commit
from vig_service.core.errors import DomainError, RuleBroken
from vig_service.core.models import ServiceConfiguration
from vig_service.core.transitions import lock, transition

# A referral takes documents while its referrer is writing it or answering a question.
REFERRAL_OPEN_TO_DOCUMENTS = {Referral.Status.DRAFT, Referral.Status.MORE_INFO_REQUESTED}
# Tries before a check that keeps failing (clamd down or too slow) is shown as failed.
SCAN_ATTEMPTS = 3


def _read_checked(upload) -> rules.FileType:
    limits = DocumentSettings.load()
    head = upload.read(rules.HEAD_BYTES)
    upload.seek(0)
    try:
        found = rules.check_file(
            head=head, size=upload.size, max_bytes=limits.max_bytes, allowed=limits.allowed_types
        )
        if found.content_type == "application/pdf":
            rules.check_pdf_content(upload.read())
            upload.seek(0)
    except RuleBroken as broken:
        raise DocumentError(broken.message, field="file") from None
    return found


def check_record_open(*, case_id=None, referral_id=None, course_id=None, trainee_id=None) -> dict:
    """The record a document goes on, locked: an open case, a referral still being written, a
    course or a trainee."""
    if case_id is not None:
        case = lock(Case.objects, pk=case_id)
        if case.status == Case.Status.CLOSED:
            raise DocumentError(CLOSED_MESSAGE)
        return {"case": case}
    if course_id is not None:
        return {"course": lock(Course.objects, pk=course_id)}
    if trainee_id is not None:
        return {"trainee": lock(Trainee.objects, pk=trainee_id)}
    referral = lock(Referral.objects, pk=referral_id)
    if referral.status not in REFERRAL_OPEN_TO_DOCUMENTS:
        raise DocumentError(
            f"This referral is {referral.get_status_display().lower()}, so documents can no "
            "longer be added to it. The coordinator can add them to the case"
        )
    return {"referral": referral}


def store_folder(on: dict) -> str:
    """The folder of a record's files: its kind and key, nothing about the family."""
    ((name, pk),) = on.items()
    return f"{name.removesuffix('_id')}s/{pk}"


def document_upload(
    *,
    by: User,
    kind: str,
    title: str,
    upload,
    signed_on: date | None = None,
    **on: int,
) -> Document:
    """Keep a file on an open record (`case_id=`, `referral_id=`, `course_id=` or
    `trainee_id=`), typed from its content; its virus check follows.

    A signed written contract on a case records the contract date from `signed_on`.
    """
    if kind == DocumentKind.LETTER:
        raise DocumentError("Select what the document is", field="kind")
    if kind == DocumentKind.CONTRACT and "case_id" in on and signed_on is None:
        raise DocumentError("Enter the date the family signed the contract", field="signed_on")
    found = _read_checked(upload)
    filename = rules.safe_filename(upload.name or "", extension=found.extension)
    # The stored name says nothing about the family: the record and a random name.
    store = documents_storage()
    stored = store.save(f"{store_folder(on)}/{uuid.uuid4().hex}.{found.extension}", upload)
    try:
        with transaction.atomic():
            record = check_record_open(**on)
            if kind == DocumentKind.CONTRACT and signed_on is not None:
                _record_contract_date(on["case_id"], by=by, signed_on=signed_on)
            status = ScanStatus.PENDING if scanner.configured() else ScanStatus.NOT_SCANNED
            document = Document.objects.create(
                **record,
                kind=kind,
                title=title.strip(),
                stored_name=stored,
                filename=filename,
                content_type=found.content_type,
                size=upload.size,
                status=status,
                uploaded_by=by,
            )
            record_event(document, by=by, action=DocumentEventAction.ADDED, note=document.title)
            if status == ScanStatus.PENDING:
                transaction.on_commit(lambda: scan_document.enqueue(document_id=document.pk))
    except BaseException:
        store.delete(stored)
        raise
    return document


def _record_contract_date(case_id: int, *, by: User, signed_on: date) -> None:
    """The signed copy dates the contract; its refusals (a future date) are the upload's."""
    try:
        case_record_contract(case_id=case_id, by=by, agreed_on=signed_on)
    except DomainError as refused:
        raise DocumentError(refused.message, field="signed_on") from None


@transaction.atomic
def document_scan(*, document_id: int) -> Document:
    """Check a waiting document with the scanner: clean, quarantined, or tried again later."""
    # Locked alone: PostgreSQL cannot lock the nullable side of a join (case or referral).
    document = lock(Document.objects, pk=document_id)
    if document.status != ScanStatus.PENDING:
        return document
    document.scan_attempts += 1
    try:
        with document.open() as stream:
            verdict = scanner.scan(stream)
    except scanner.ScannerUnavailable as error:
        document.scan_detail = str(error)[:200]
        if document.scan_attempts < SCAN_ATTEMPTS:
            document.save(update_fields=["scan_attempts", "scan_detail"])
            return document
        transition(
            document,
            to=ScanStatus.FAILED,
            by=None,
            action=DocumentEventAction.CHECK_FAILED,
            note=f"After {document.scan_attempts} tries",
            fields=["scan_attempts", "scan_detail"],
        )
        return document
    if verdict.clean:
        transition(
            document,
            to=ScanStatus.CLEAN,
            by=None,
            action=DocumentEventAction.CHECKED,
            note=document.title,
            fields=["scan_attempts"],
        )
        return document
    document.scan_detail = verdict.found[:200]
    transition(
        document,
        to=ScanStatus.INFECTED,
        by=None,
        action=DocumentEventAction.QUARANTINED,
        note=verdict.found,
        fields=["scan_attempts", "scan_detail"],
    )
    _alert_administrators(document)
    return document


def _alert_administrators(document: Document) -> None:
    """Tell every active administrator, by reference and link: never the family's details."""
    administrators = User.objects.filter(is_active=True, groups__name=Role.ADMINISTRATOR)
    send_after_commit(
        template="documents/email/quarantined",
        to=list(administrators.values_list("email", flat=True)),
        context={
            "document": document,
            "reference": _reference(document),
            "path": document.get_absolute_url(),
            "found": document.scan_detail,
            "site_url": ServiceConfiguration.load().service_address,
        },
    )


def _reference(document: Document) -> str:
    """The record a document is on, as its alert names it: a reference, never a name."""
    if document.referral_id:
        referral = Referral.objects.get(pk=document.referral_id)
        return referral.reference or f"draft {referral.pk}"
    if document.case_id:
        return Referral.objects.get(case__pk=document.case_id).reference
    if document.course_id:
        return f"course {document.course_id}"
    return f"trainee {document.trainee_id}"


def _remove(documents) -> int:
    """Delete these documents, and their files once that commits (a file cannot be
    anonymised)."""
    names = list(documents.values_list("stored_name", flat=True))
    # Their history lines go with them; the case timeline keeps its (anonymised) lines.
    documents.delete()
    store = documents_storage()
    transaction.on_commit(lambda: [store.delete(name) for name in names])
    return len(names)


def documents_remove_for_referrals(referral_ids) -> int:
    """Delete the documents of these referrals and their cases: the retention run's step."""
    ids = list(referral_ids)
    return _remove(Document.objects.filter(Q(case__referral_id__in=ids) | Q(referral_id__in=ids)))


def documents_remove_for_training(*, trainee_ids, enrolment_ids) -> int:
    """Delete the certificates of these trainees and course participants, as their names go."""
    return _remove(
        Document.objects.filter(
            Q(trainee_id__in=list(trainee_ids)) | Q(enrolment_id__in=list(enrolment_ids))
        )
    )


@transaction.atomic
def document_scan_again(*, document_id: int, by: User | None) -> Document:
    """Start the check again for a document whose check failed or was never made."""
    document = lock(Document.objects, pk=document_id)
    if not scanner.configured():
        raise DocumentError("No virus scanner is set up, so the document cannot be checked")
    document.scan_attempts = 0
    document.scan_detail = ""
    transition(
        document,
        to=ScanStatus.PENDING,
        by=by,
        action=DocumentEventAction.CHECK_AGAIN,
        note=document.title,
        fields=["scan_attempts", "scan_detail"],
    )
    transaction.on_commit(lambda: scan_document.enqueue(document_id=document.pk))
    return document

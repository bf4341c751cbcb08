"""Keeping a document and checking it with a real ClamAV daemon (see documents/tests/clamd.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cases.models import CaseEvent
from cases.tests.factories import CaseFactory, ClosedCaseFactory
from documents import services
from documents.errors import DocumentError
from documents.models import Document
from documents.tests.clamd import EICAR, SIGNATURE
from documents.tests.factories import PDF, upload
from vig_service.accounts.tests.factories import AdministratorFactory


def _files(store) -> list:
    return [path for path in store.rglob("*") if path.is_file()] if store.exists() else []


def _add(case, content=PDF, name="plan.pdf", **kwargs):
    return services.document_upload(
        case_id=case.pk,
        by=case.guider,
        kind=kwargs.get("kind", "assessment"),
        title=kwargs.get("title", "Early Help Assessment"),
        upload=upload(content, name),
    )


def test_a_clean_pdf_is_checked_by_the_daemon_and_marked_clean(
    db, scanner, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = _add(case)
    document.refresh_from_db()
    assert (document.status, document.filename, document.size) == ("clean", "plan.pdf", len(PDF))
    with document.open() as stored:
        assert stored.read() == PDF
    timeline = CaseEvent.objects.filter(case=case, action__startswith="document_")
    assert list(timeline.values_list("action", flat=True)) == [
        "document_added",
        "document_checked",
    ]


def test_a_pdf_carrying_the_eicar_test_file_is_quarantined_and_administrators_told(
    db, scanner, django_capture_on_commit_callbacks, mailoutbox, configuration
):
    """The daemon finds the test signature; the mail gives the reference, never the names."""
    case = CaseFactory()
    admin = AdministratorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        document = _add(case, PDF + EICAR + b"\n", "eicar.pdf")
    document.refresh_from_db()
    assert document.status == "infected"
    assert SIGNATURE in document.scan_detail
    (mail,) = [m for m in mailoutbox if m.to == [admin.email]]
    assert case.referral.reference in mail.subject
    assert case.referral.child_first_name not in mail.subject + mail.body
    assert f"/documents/case/{case.pk}/" in mail.body


def test_clamd_down_leaves_it_waiting_then_failed_after_three_tries_and_a_retry_cleans_it(
    db, settings, scanner, tmp_path, django_capture_on_commit_callbacks
):
    """Nothing unchecked is served while the daemon is away; once back, a new try clears it."""
    case = CaseFactory()
    settings.CLAMD_SOCKET = str(tmp_path / "no-daemon.sock")
    with django_capture_on_commit_callbacks(execute=True):
        document = _add(case)
    document.refresh_from_db()
    assert (document.status, document.scan_attempts) == ("pending", 1)
    services.document_scan(document_id=document.pk)
    document = services.document_scan(document_id=document.pk)
    assert (document.status, document.scan_attempts) == ("failed", 3)
    settings.CLAMD_SOCKET = scanner
    with django_capture_on_commit_callbacks(execute=True):
        services.document_scan_again(document_id=document.pk, by=case.guider)
    document.refresh_from_db()
    assert document.status == "clean"


def test_without_a_scanner_a_document_is_kept_as_not_checked(db, settings, documents_store):
    settings.CLAMD_SOCKET = ""
    document = _add(CaseFactory())
    assert document.status == "not_scanned"
    with pytest.raises(DocumentError, match="No virus scanner is set up"):
        services.document_scan_again(document_id=document.pk, by=None)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.pdf", "The selected file is empty"),
        (b"MZ\x90\x00" + b"\x00" * 60, "plan.pdf", "must be a PDF"),
        (PDF + b"/JavaScript", "plan.pdf", "contains script"),
    ],
)
def test_a_refused_file_leaves_nothing_behind(db, documents_store, content, name, message):
    with pytest.raises(DocumentError, match=message):
        services.document_upload(
            case_id=CaseFactory().pk,
            by=CaseFactory().guider,
            kind="other",
            title="x",
            upload=SimpleUploadedFile(name, content),
        )
    assert not Document.objects.exists()
    assert _files(documents_store) == []


def test_a_closed_case_takes_no_document_and_the_stored_file_is_removed(db, documents_store):
    case = ClosedCaseFactory()
    with pytest.raises(DocumentError, match="This case is closed"):
        _add(case)
    assert _files(documents_store) == []


def test_two_files_with_the_same_name_are_both_kept(db, settings, documents_store):
    settings.CLAMD_SOCKET = ""
    case = CaseFactory()
    first, second = _add(case), _add(case)
    assert first.filename == second.filename == "plan.pdf"
    assert first.stored_name != second.stored_name
    assert len(_files(documents_store)) == 2


def test_the_command_checks_the_waiting_documents_once_the_daemon_is_back(
    db, settings, scanner, tmp_path, django_capture_on_commit_callbacks
):
    settings.CLAMD_SOCKET = str(tmp_path / "no-daemon.sock")
    with django_capture_on_commit_callbacks(execute=True):
        document = _add(CaseFactory())
    settings.CLAMD_SOCKET = scanner
    out = io.StringIO()
    call_command("scan_documents", stdout=out)
    assert "Checked 1: 1 clean" in out.getvalue()
    document.refresh_from_db()
    assert document.status == "clean"

"""The documents tab of a case: adding a file, the list, and the one audited download."""

from django.urls import reverse

from cases.tests.factories import CaseFactory
from documents.models import Document
from documents.tests.clamd import EICAR
from documents.tests.factories import PDF, DocumentFactory, upload
from referrals.services import referral_submit
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory, GuiderFactory


def _form(**overrides):
    return {"kind": "assessment", "title": "Early Help Assessment", "file": upload(), **overrides}


def test_a_guider_adds_a_plan_and_downloads_it_once_checked(
    client, db, scanner, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    client.force_login(case.guider)
    tab = client.get(reverse("documents:case_list", args=[case.pk])).content.decode()
    assert "No documents yet" in tab
    add = reverse("documents:case_add", args=[case.pk])
    assert add in tab
    assert 'enctype="multipart/form-data"' in client.get(add).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, _form(), follow=True)
    page = response.content.decode()
    assert "Early Help Assessment added. It is being checked for viruses" in page
    # The check runs after the upload is saved: until then the file waits, not downloadable.
    assert "Waiting for the virus check" in page
    assert "/download/" not in page
    document = Document.objects.get()
    assert document.status == "clean"
    tab = client.get(reverse("documents:case_list", args=[case.pk])).content.decode()
    assert "Checked: no virus found" in tab
    assert document.get_download_url() in tab
    download = client.get(document.get_download_url())
    assert download["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF


def test_a_bad_file_is_refused_on_its_field_and_the_title_is_kept(client, db, documents_store):
    case = CaseFactory()
    client.force_login(case.guider)
    page = client.post(
        reverse("documents:case_add", args=[case.pk]),
        _form(file=upload(b"MZ\x90\x00" + b"\x00" * 60, "plan.pdf")),
    ).content.decode()
    assert "The selected file must be a PDF, Word, JPEG photo or PNG image" in page
    assert 'href="#id_file"' in page
    assert 'value="Early Help Assessment"' in page
    assert not Document.objects.exists()


def test_no_file_is_asked_for_in_words(client, db, documents_store):
    case = CaseFactory()
    client.force_login(case.guider)
    page = client.post(
        reverse("documents:case_add", args=[case.pk]), {"kind": "other", "title": "x"}
    ).content.decode()
    assert "Select a file" in page


def test_a_quarantined_or_waiting_file_is_served_to_no_one(client, db, documents_store):
    case = CaseFactory()
    client.force_login(case.guider)
    for status in ("infected", "pending", "failed"):
        document = DocumentFactory(case=case, status=status)
        assert client.get(document.get_download_url()).status_code == 404
    tab = client.get(reverse("documents:case_list", args=[case.pk])).content.decode()
    assert "Virus found: quarantined" in tab
    assert "/download/" not in tab


def test_another_guiders_case_documents_are_a_404(client, db, documents_store):
    document = DocumentFactory()
    client.force_login(GuiderFactory())
    assert client.get(reverse("documents:case_list", args=[document.case_id])).status_code == 404
    assert client.get(document.get_download_url()).status_code == 404
    # A guessed pair of ids: a document of one case asked for under another.
    own = CaseFactory()
    client.force_login(own.guider)
    guessed = reverse("documents:case_download", args=[own.pk, document.pk])
    assert client.get(guessed).status_code == 404


def test_the_eicar_test_file_is_quarantined_through_the_page(
    client, db, scanner, django_capture_on_commit_callbacks
):
    case = CaseFactory()
    client.force_login(case.guider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("documents:case_add", args=[case.pk]),
            _form(file=upload(PDF + EICAR, "eicar.pdf")),
        )
    document = Document.objects.get()
    assert document.status == "infected"
    assert client.get(document.get_download_url()).status_code == 404


def test_without_a_scanner_every_staff_page_says_documents_go_unchecked(client, db, settings):
    """Never silently "clean": the demo banner says so, and a scanner takes it away."""
    case = CaseFactory()
    client.force_login(case.guider)
    settings.CLAMD_SOCKET = ""
    banner = "No virus scanner is set up here: documents are kept without a virus check"
    assert banner in client.get(reverse("core:home")).content.decode()
    settings.CLAMD_SOCKET = "/run/clamav/clamd.ctl"
    assert banner not in client.get(reverse("core:home")).content.decode()


def test_a_referrer_attaches_a_plan_to_a_draft_and_the_coordinator_reads_it_once_sent(
    client, db, scanner, django_capture_on_commit_callbacks
):
    referral = CompleteDraftFactory()
    client.force_login(referral.referrer)
    check = client.get(reverse("referrals:check", args=[referral.pk])).content.decode()
    documents = reverse("documents:referral_list", args=[referral.pk])
    assert documents in check
    add = reverse("documents:referral_add", args=[referral.pk])
    assert add in client.get(documents).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add, _form(title="Family plan"))
    document = Document.objects.get()
    assert (document.referral, document.case, document.status) == (referral, None, "clean")
    # Sent: the coordinator finds it from the referral and downloads it.
    referral_submit(referral_id=referral.pk, by=referral.referrer, site_url="")
    client.force_login(CoordinatorFactory())
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert documents in detail
    assert document.get_download_url() in client.get(documents).content.decode()
    assert b"".join(client.get(document.get_download_url()).streaming_content) == PDF


def test_a_sent_referral_takes_no_more_documents_from_its_referrer(client, db, documents_store):
    referral = SubmittedReferralFactory(status="accepted")
    client.force_login(referral.referrer)
    page = client.post(
        reverse("documents:referral_add", args=[referral.pk]), _form()
    ).content.decode()
    assert "so documents can no longer be added to it" in page
    assert not Document.objects.exists()


def test_a_referrals_documents_show_on_its_case(client, db, documents_store):
    case = CaseFactory()
    document = DocumentFactory(case=None, referral=case.referral, uploaded_by=case.guider)
    client.force_login(case.guider)
    tab = client.get(reverse("documents:case_list", args=[case.pk])).content.decode()
    assert "from the referral" in tab
    download = reverse("documents:case_download", args=[case.pk, document.pk])
    assert client.get(download).status_code == 200

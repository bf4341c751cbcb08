"""A case's documents tab and each download are recorded against the case, and a refusal too."""

from django.urls import reverse

from documents.tests.factories import DocumentFactory
from vig_service.accounts.tests.factories import GuiderFactory
from vig_service.audit.models import AccessAction, AccessDenial, AccessEvent


def test_a_download_is_an_export_of_the_case_by_who_downloaded_it(client, db, documents_store):
    document = DocumentFactory()
    case = document.case
    client.force_login(case.guider)
    assert client.get(reverse("documents:case_list", args=[case.pk])).status_code == 200
    assert client.get(document.get_download_url()).status_code == 200
    rows = AccessEvent.objects.order_by("pk")
    assert [(r.action, r.record_kind, r.record_id, r.user) for r in rows] == [
        (AccessAction.VIEW, "case", case.pk, case.guider),
        (AccessAction.EXPORT, "case", case.pk, case.guider),
    ]
    assert rows[1].child_reference == case.referral.reference


def test_a_download_refused_to_someone_outside_the_case_is_recorded(client, db, documents_store):
    document = DocumentFactory()
    outsider = GuiderFactory()
    client.force_login(outsider)
    assert client.get(document.get_download_url()).status_code == 404
    denial = AccessDenial.objects.get()
    assert (denial.user, denial.record_kind, denial.record_id) == (
        outsider,
        "case",
        document.case_id,
    )
    assert not AccessEvent.objects.exists()

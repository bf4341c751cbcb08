"""Subject access: every record linked to a child is in the export, readable and as JSON."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from diary.models import record_event
from diary.tests.factories import FilmingAppointmentFactory
from documents.tests.factories import PDF, DocumentFactory
from family.models import FeedbackAnswer
from family.tests.factories import FamilyLinkFactory
from measures.services import measure_result_record, prfq_measure
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import AdministratorFactory
from vig_service.audit.models import AccessEvent
from vig_service.privacy.models import AnonymisedReferral, RetentionRun
from vig_service.privacy.tests.factories import (
    CHILD_FIRST,
    NHS_NUMBER,
    NOTE,
    PARENT,
    SIBLING,
    child_with_everything,
)

URL = reverse("privacy:subject_access")


def models_linked_to_referral() -> set[str]:
    """Every model with a chain of foreign keys (or one-to-ones) leading to Referral.

    Worked out from the models' own fields, independently of how the export finds rows.
    """
    user = apps.get_model(settings.AUTH_USER_MODEL)
    linked = {Referral}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in linked or model is user or model._meta.auto_created:
                continue
            targets = {
                field.related_model
                for field in model._meta.get_fields()
                if field.concrete and field.is_relation and field.related_model
            }
            if targets & linked:
                linked.add(model)
                changed = True
    return {model._meta.label for model in linked}


def unzip(content: bytes) -> tuple[str, dict]:
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        names = bundle.namelist()
        html = bundle.read(next(n for n in names if n.endswith("/index.html"))).decode()
        data = json.loads(bundle.read(next(n for n in names if n.endswith("/data.json"))))
    return html, data


@pytest.fixture
def child(db, documents_store):
    referral = child_with_everything(closed_days_ago=10)
    # As if an earlier retention run had reached it, so that record is exported too.
    run = RetentionRun.objects.create(started_at=timezone.now(), applied=True)
    AnonymisedReferral.objects.create(referral=referral, run=run, reason="closed_cases")
    SubmittedReferralFactory(child_first_name="Somebody", child_last_name="Else")
    # The family's appointments (with their history) are theirs too.
    case = referral.case
    appointment = FilmingAppointmentFactory(case=case, cycle=case.cycles.first())
    record_event(appointment, by=case.guider, action="appointment_planned", note="Planned")
    # A document on the case, with its history; and one quarantined, whose file is withheld.
    document = DocumentFactory(case=case, filename="Family plan.pdf")
    document.events.create(actor=case.guider, action="document_added", note="Family plan")
    DocumentFactory(case=case, status="infected", filename="eicar.pdf")
    # A parent's feedback through their own link, and the link's log.
    link = FamilyLinkFactory(case=case, purpose="feedback", for_whom="Mum")
    link.events.create(action="opened")
    FeedbackAnswer.objects.create(link=link, helpfulness="very", what_changed="We talk more")
    # PRFQ at closure: a measure's result and its scores.
    prfq = prfq_measure()
    measure_result_record(
        referral_id=referral.pk,
        measure_id=prfq.pk,
        time_point="closure",
        taken_on=case.closed_on,
        scores={item.pk: 4 for item in prfq.current_version().items.all()},
        by=case.guider,
    )
    return referral


def test_a_family_links_secret_is_never_exported(child):
    _, content = _export(child)
    html, data = unzip(content)
    link = child.case.family_links.get()
    assert "We talk more" in html
    assert link.token_digest not in html
    assert link.token_digest not in json.dumps(data)


def test_every_model_linked_to_a_child_is_in_the_export(child):
    """If a new model points (however indirectly) at a referral, it must appear here."""
    _, content = _export(child)
    html, data = unzip(content)
    exported = {section["model"] for section in data["sections"] if section["rows"]}
    missing = models_linked_to_referral() - exported
    assert missing == set(), f"missing from the subject-access export: {sorted(missing)}"
    assert "cycles.Rating" in exported  # reached through two paths, listed once
    assert "audit.AccessEvent" in exported  # who viewed the record
    ratings = next(s for s in data["sections"] if s["model"] == "cycles.Rating")["rows"]
    assert len(ratings) == len({json.dumps(row, sort_keys=True) for row in ratings})


def test_the_familys_clean_documents_are_in_the_export_and_a_quarantined_one_is_not(child):
    _, content = _export(child)
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        files = [name for name in bundle.namelist() if "/documents/" in name]
        assert [name.rsplit("-", 1)[-1] for name in files] == ["Family plan.pdf"]
        assert bundle.read(files[0]) == PDF


def test_export_holds_the_childs_details_and_no_one_elses(child):
    """Names, NHS number, notes and the people involved; nothing from another referral."""
    _, content = _export(child)
    html, data = unzip(content)
    for words in (CHILD_FIRST, NHS_NUMBER, PARENT, SIBLING, NOTE, child.reference):
        assert words in html
        assert words in json.dumps(data, ensure_ascii=False)
    assert "Somebody" not in html
    assert "Else" not in json.dumps(data)
    assert '<th scope="row">Child first name' in html or "First name" in html
    assert data["reference"] == child.reference


def _export(referral):
    from vig_service.privacy.subject_access import export

    return export(referral)


def test_command_writes_the_zip(child, tmp_path):
    """manage.py export_subject <reference> writes one zip into the directory given."""
    out = io.StringIO()
    call_command("export_subject", child.reference.lower(), directory=str(tmp_path), stdout=out)
    [written] = list(tmp_path.glob("subject-access-*.zip"))
    assert f"Wrote {written}" in out.getvalue()
    html, data = unzip(written.read_bytes())
    assert CHILD_FIRST in html
    with pytest.raises(CommandError, match="There is no referral VIG-1999-00001"):
        call_command("export_subject", "VIG-1999-00001", stdout=out)


def test_administrator_downloads_the_bundle(client, child):
    """The page asks for a reference and answers with the zip; a wrong one gets a message."""
    client.force_login(AdministratorFactory())
    assert "Referral reference" in client.get(URL).content.decode()
    wrong = client.post(URL, {"reference": "VIG-1999-00001"})
    assert "There is no referral with the reference VIG-1999-00001" in wrong.content.decode()
    response = client.post(URL, {"reference": child.reference}, follow=True)
    assert response["Content-Type"] == "application/zip"
    assert f"subject-access-{child.reference}" in response["Content-Disposition"]
    html, _ = unzip(response.content)
    assert NOTE in html
    # The export is in the audit, against the child's referral.
    assert AccessEvent.objects.filter(
        referral_id=child.pk, action=AccessEvent.Action.EXPORT
    ).exists()


@pytest.mark.parametrize("role", ["referrer", "coordinator", "guider", "supervisor", "manager"])
def test_only_administrators_may_export(client, child, role):
    """Everyone else gets 403, for the page and for the download."""
    from vig_service.accounts.tests import factories

    client.force_login(getattr(factories, f"{role.capitalize()}Factory")())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"reference": child.reference}).status_code == 403
    download = reverse("privacy:subject_access_download", args=[child.pk])
    assert client.get(download).status_code == 403


def test_the_export_gives_viewers_role_organisation_and_date_never_email_or_address(client, child):
    """Read from the zip the administrator downloads: each viewer is a role, a team and a day;
    no member of staff's e-mail address and no network address is anywhere in it."""
    guider = child.case.guider
    guider_view = AccessEvent.objects.create(
        user=guider,
        roles="guider, supervisor",
        record_kind="case",
        record_id=child.case.pk,
        referral_id=child.pk,
        child_reference=child.reference,
        action="view",
        path=f"/cases/{child.case.pk}/",
        ip_address="203.0.113.77",
    )
    administrator = AdministratorFactory(email="ada.admin@council.example")
    client.force_login(administrator)

    response = client.post(URL, {"reference": child.reference}, follow=True)

    html, data = unzip(response.content)
    text = html + json.dumps(data, ensure_ascii=False)
    staff = {guider, administrator, child.referrer}
    for person in staff:
        assert person.email not in text
    assert "203.0.113.77" not in text
    assert "127.0.0.1" not in text
    views = next(s for s in data["sections"] if s["model"] == "audit.AccessEvent")["rows"]
    team = str(guider_view.user.team)
    assert {
        "Viewed by": "Guider, Supervisor",
        "Organisation or team": team,
        "Date": timezone.localtime(guider_view.occurred_at).date().isoformat(),
        "What they did": "Viewed",
        "Record": "Case",
    } in views
    assert "Guider" in html
    assert team in html

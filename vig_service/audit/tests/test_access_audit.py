"""Access events: written with the response for every view of a child's record and download."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from cycles.tests.case_factories import CycleFactory
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
)
from vig_service.audit.middleware import AccessAuditMiddleware
from vig_service.audit.models import (
    AccessAlert,
    AccessEvent,
    AuditSettings,
    CaseHistory,
    ReferralHistory,
)
from vig_service.audit.services import _LOOK_UP_STATEMENTS, access_record
from vig_service.core.compiled import statement_of


def test_coordinator_viewing_a_referral_writes_who_what_when_and_where(client, db):
    """The row names the person, their roles, the child's referral and the address."""
    coordinator = CoordinatorFactory()
    referral = SubmittedReferralFactory()
    client.force_login(coordinator)
    response = client.get(reverse("referrals:detail", args=[referral.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.user == coordinator
    assert event.roles == "coordinator"
    assert (event.record_kind, event.record_id) == ("referral", referral.pk)
    assert (event.referral_id, event.child_reference) == (referral.pk, referral.reference)
    assert event.action == "view"
    assert event.ip_address == "10.1.2.3"
    assert event.occurred_at > timezone.now() - timedelta(minutes=1)


def test_case_and_cycle_pages_are_recorded_against_the_childs_referral(client, db):
    """A guider's case and cycle pages are searchable by the child they concern."""
    cycle = CycleFactory()
    case = cycle.case
    client.force_login(case.guider)
    client.get(reverse("cases:overview", args=[case.pk]))
    client.get(reverse("cases:consents", args=[case.pk]))
    client.get(reverse("cycles:list", args=[case.pk]))
    client.get(reverse("cycles:detail", args=[cycle.pk]))
    events = list(AccessEvent.objects.order_by("pk"))
    assert [(e.record_kind, e.record_id) for e in events] == [
        ("case", case.pk),
        ("case", case.pk),
        ("case", case.pk),
        ("cycle", cycle.pk),
    ]
    assert {e.referral_id for e in events} == {case.referral_id}


RECORD_TABLES = ('"referrals_referral"', '"cases_case"', '"cycles_cycle"')


@pytest.mark.parametrize("kind", ["referral", "case", "cycle"])
def test_a_view_is_written_in_one_statement_that_reads_the_child_from_the_record(db, kind):
    """Every record page writes its access row, and the row reads its child's referral from
    the record, and counts the children viewed in the hour, in the same statement: one
    round trip (docs/architecture.md, "The floor")."""
    cycle = CycleFactory()
    record = {"referral": cycle.case.referral, "case": cycle.case, "cycle": cycle}[kind]
    guider = cycle.case.guider
    request = RequestFactory().get(f"/{kind}/{record.pk}/", REMOTE_ADDR="10.9.8.7")
    request.user = guider
    for _ in range(2):  # the second time, on a connection that has it prepared
        with CaptureQueriesContext(connection) as queries:
            event = access_record(
                request=request, record_kind=kind, record_id=record.pk, action="view"
            )
        statements = [statement_of(query["sql"]) for query in queries]
        reading_records = [sql for sql in statements if any(t in sql for t in RECORD_TABLES)]
        assert len(reading_records) == 1, reading_records
        assert 'INSERT INTO "audit_accessevent"' in reading_records[0]
        # The children viewed in the hour, for the alert, are counted in the same statement.
        assert [sql for sql in statements if "audit_accessevent" in sql] == reading_records
    stored = AccessEvent.objects.get(pk=event.pk)
    referral = cycle.case.referral
    for row in (event, stored):
        assert (row.referral_id, row.child_reference) == (referral.pk, referral.reference)
        assert (row.record_kind, row.record_id, row.user) == (kind, record.pk, guider)
    assert (stored.ip_address, stored.path, stored.roles) == ("10.9.8.7", request.path, "guider")
    assert AccessEvent.objects.count() == 2


def _look_up_plans() -> tuple[int, int]:
    """How often the case views' statement was planned on this connection: generic, custom."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            [_LOOK_UP_STATEMENTS[(AccessEvent, "case", "default")].name],
        )
        return cursor.fetchone() or (0, 0)


@pytest.mark.django_db(transaction=True)
def test_a_views_statement_is_planned_once_for_every_hour_not_on_each_page():
    """PostgreSQL chose to plan the look-up row's statement afresh on every record page (its
    hour guessed at a third of the table): now it keeps one plan, 0.3 ms a page."""
    cycle = CycleFactory()
    request = RequestFactory().get(f"/cases/{cycle.case.pk}/")
    request.user = cycle.case.guider
    access_record(request=request, record_kind="case", record_id=cycle.case.pk, action="view")
    generic, custom = _look_up_plans()
    for _ in range(7):
        access_record(request=request, record_kind="case", record_id=cycle.case.pk, action="view")
    assert _look_up_plans() == (generic + 7, custom)
    assert AccessEvent.objects.count() == 8


def test_a_refused_or_missing_record_writes_nothing(client, db):
    """A 404 for another guider's case shows nothing, so there is nothing to record."""
    case = CaseFactory()
    client.force_login(GuiderFactory())
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 404
    assert not AccessEvent.objects.exists()


def test_a_download_is_recorded_as_an_export(db):
    """Any file download (a CSV or report) is an export, even with no child in its URL."""
    user = CoordinatorFactory()
    request = RequestFactory().get("/reports/waiting.csv")
    request.user = user
    request.resolver_match = None

    def view(_request):
        response = HttpResponse("a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="waiting.csv"'
        return response

    AccessAuditMiddleware(view)(request)
    event = AccessEvent.objects.get()
    assert (event.action, event.record_kind, event.path) == (
        "export",
        "download",
        "/reports/waiting.csv",
    )


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def test_the_database_refuses_to_change_an_access_row(db):
    """Not even a raw UPDATE as the app's (superuser) role can rewrite the audit."""
    event = AccessEvent.objects.create(
        user=CoordinatorFactory(), roles="coordinator", record_kind="referral", action="view"
    )
    with pytest.raises(DatabaseError, match="Audit rows cannot be changed"):
        _raw("UPDATE audit_accessevent SET roles = 'administrator' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="Audit rows cannot be changed"):
        AccessEvent.objects.filter(pk=event.pk).update(action="export")


def test_the_database_refuses_to_delete_an_access_row_within_the_retention_period(db):
    """A row six years old is kept while the period is seven years."""
    event = AccessEvent.objects.create(
        user=CoordinatorFactory(),
        roles="coordinator",
        record_kind="referral",
        action="view",
        occurred_at=timezone.now() - timedelta(days=365 * 6),
    )
    with pytest.raises(DatabaseError, match="within the retention period"):
        _raw("DELETE FROM audit_accessevent WHERE id = %s", [event.pk])
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_rows_older_than_the_retention_period_may_be_purged(db):
    """A retention job can delete rows past the period held in AuditSettings, and only those."""
    user = CoordinatorFactory()
    now = timezone.now()
    old, recent = (
        AccessEvent.objects.create(
            user=user, roles="", record_kind="referral", action="view", occurred_at=when
        )
        for when in (now - timedelta(days=365 * 7 + 10), now - timedelta(days=365 * 2))
    )
    assert _raw("DELETE FROM audit_accessevent WHERE id = %s", [old.pk]) == 1

    audit_settings = AuditSettings.load()
    audit_settings.retention_years = 1
    audit_settings.save()
    assert _raw("DELETE FROM audit_accessevent WHERE id = %s", [recent.pk]) == 1
    assert not AccessEvent.objects.exists()


def test_change_history_is_recorded_by_the_database_and_cannot_be_rewritten(db):
    """Every save of a referral or case leaves a snapshot; the snapshots are append-only."""
    case = CaseFactory()
    case.contract_agreed_on = timezone.localdate()
    case.save()
    assert list(CaseHistory.objects.filter(pgh_obj_id=case.pk).values_list("pgh_label", flat=True))
    assert set(
        CaseHistory.objects.filter(pgh_obj_id=case.pk).values_list("pgh_label", flat=True)
    ) == {"insert", "update"}
    history = ReferralHistory.objects.filter(pgh_obj_id=case.referral_id).first()
    with pytest.raises(DatabaseError, match="Audit rows cannot be changed"):
        _raw(
            "UPDATE audit_referralhistory SET child_first_name = 'X' WHERE pgh_id = %s",
            [history.pk],
        )
    with pytest.raises(DatabaseError, match="within the retention period"):
        _raw("DELETE FROM audit_referralhistory WHERE pgh_id = %s", [history.pk])


def _view_children(client, count):
    referrals = SubmittedReferralFactory.create_batch(count)
    for referral in referrals:
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    return referrals


def test_viewing_more_children_than_the_threshold_alerts_the_service_once_an_hour(
    client, configuration, mailoutbox
):
    """Past the threshold the contact is e-mailed once; more views that hour add nothing."""
    audit_settings = AuditSettings.load()
    audit_settings.alert_threshold = 3
    audit_settings.save()
    coordinator = CoordinatorFactory(full_name="Pat Quayle")
    client.force_login(coordinator)

    referrals = _view_children(client, 3)
    # Viewing the same children again is not more children.
    client.get(reverse("referrals:detail", args=[referrals[0].pk]))
    assert not AccessAlert.objects.exists()
    assert mailoutbox == []

    _view_children(client, 1)
    alert = AccessAlert.objects.get()
    assert (alert.user, alert.children_viewed, alert.threshold) == (coordinator, 4, 3)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["vig@example.gov.uk"]
    assert "Pat Quayle" in mailoutbox[0].body
    assert "4 different children" in mailoutbox[0].body
    # No child's name or reference goes by e-mail.
    for referral in referrals:
        assert referral.child_last_name not in mailoutbox[0].body
        assert referral.reference not in mailoutbox[0].body

    _view_children(client, 2)
    assert AccessAlert.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_record_view_below_the_threshold_locks_nothing_and_opens_no_transaction(
    client, transactional_db
):
    """Every record view counts the children seen; only raising an alert takes the lock.

    Outside a transaction (as a real request runs), so the audit settings come from memory.
    """
    coordinator = CoordinatorFactory()
    referral = SubmittedReferralFactory()
    client.force_login(coordinator)
    url = reverse("referrals:detail", args=[referral.pk])
    client.get(url)  # creates the audit settings' row
    client.get(url)  # reads it, and keeps it in memory
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [query["sql"] for query in queries]
    assert not [sql for sql in statements if "FOR UPDATE" in sql]
    assert not [sql for sql in statements if sql.startswith(("BEGIN", "SAVEPOINT"))]
    assert not [sql for sql in statements if sql.startswith('SELECT "audit_auditsettings"')]
    assert AccessEvent.objects.count() == 3


def test_the_alert_is_shown_on_the_audit_page(client, db):
    """Administrators see who crossed the threshold, with a link to what they opened."""
    person = CoordinatorFactory(full_name="Robin Tregear")
    AccessAlert.objects.create(user=person, children_viewed=61, threshold=50)
    client.force_login(AdministratorFactory())
    page = client.get(reverse("audit:events")).content.decode()
    assert "Unusual viewing" in page
    assert "Robin Tregear" in page
    assert "opened 61 children" in page


def test_a_report_csv_download_is_recorded_as_an_export(client, db):
    """The manager's referral list CSV leaves an export row naming the download."""
    manager = ManagerFactory()
    SubmittedReferralFactory()
    client.force_login(manager)
    response = client.get(reverse("reports:referrals_csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    event = AccessEvent.objects.get()
    assert (event.user, event.action, event.record_kind) == (manager, "export", "download")
    assert event.path.startswith(reverse("reports:referrals_csv"))

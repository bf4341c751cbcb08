"""Backups that restore: every table's rows come back identical, and the pages work on them."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from psycopg2 import sql

from cases.models import Case
from cases.tests.factories import GuiderCapacityFactory
from diary.reminders import DigestPreference, DigestSent
from diary.services import calendar_feed_renew
from documents.configuration import DocumentSettings
from documents.services import letters_write_closure
from referrals.children import Carer, Child, Restriction
from referrals.models import Referral
from referrals.services.children import child_match_decide
from vig_service.accounts.models import User, UserEvent
from vig_service.accounts.tests.factories import IdentityProviderFactory
from vig_service.audit.models import AccessAlert, AccessDenial, AuditSettings, DenialAlert
from vig_service.core.models import LinkKind, LinkRequest
from vig_service.core.services import configuration_record_change
from vig_service.operations import postgres
from vig_service.privacy.models import AnonymisedReferral, PrivacySettings, RetentionRun
from vig_service.privacy.tests.factories import child_with_everything

RESTORED = "vig_test_restored_copy"
# Apps whose every model should hold rows in the seeded database.
PROJECT_APPS = {
    "core",
    "accounts",
    "referrals",
    "cases",
    "cycles",
    "training",
    "diary",
    "documents",
    "audit",
    "privacy",
}


def _drop(name):
    admin = postgres.connect(name="postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        admin.close()


@pytest.fixture
def seeded(transactional_db, settings, documents_store):
    """The demo service plus one child with every kind of record, and the odd tables."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing the demo accounts' passwords properly would take most of this test's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", stdout=io.StringIO())
    referral = child_with_everything(closed_days_ago=3)
    GuiderCapacityFactory()
    # A letter on the case: a document, its history line, the template version, the settings.
    letters_write_closure(case_id=referral.case.pk, by=referral.case.guider)
    DocumentSettings.load()
    IdentityProviderFactory()
    calendar_feed_renew(user=referral.case.guider)
    DigestSent.objects.create(user=referral.case.guider, day=referral.case.opened_on, items=2)
    DigestPreference.objects.create(user=referral.case.guider, daily_digest=False)
    PrivacySettings.load()
    run = RetentionRun.objects.create(started_at=referral.submitted_at, applied=True)
    AnonymisedReferral.objects.create(referral=referral, run=run, reason="test")
    admin = User.objects.get(email="admin@example.org")
    configuration_record_change(by=admin, changed=["Service name"])
    UserEvent.objects.create(user=admin, actor=admin, action=UserEvent.Action.DETAILS_CHANGED)
    AuditSettings.load()
    AccessAlert.objects.create(user=admin, children_viewed=60, threshold=50)
    # A merge of two children's records (its answer and history), a restriction, a carer.
    child_match_decide(
        child_id=Child.objects.create().pk,
        other_id=Child.objects.create().pk,
        same=True,
        evidence="same NHS number",
        by=admin,
    )
    Restriction.objects.create(
        child=Child.objects.create(), reason="A colleague's family", restricted_by=admin
    ).staff.add(admin)
    Carer.objects.create()
    AccessDenial.objects.create(
        user=admin, roles="administrator", record_kind="case", status=404, path="/cases/9/"
    )
    DenialAlert.objects.create(user=admin, denials=20, threshold=20)
    LinkRequest.objects.create(kind=LinkKind.PASSWORD_RESET, address_key="0" * 64)
    empty = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS and not model.objects.exists()
    ]
    assert empty == [], "seed these models too"
    return referral


@pytest.fixture
def restored_name():
    _drop(RESTORED)
    yield RESTORED
    connection.close()
    _drop(RESTORED)


def test_backup_restores_every_table_identically_and_the_pages_work(
    seeded, restored_name, tmp_path, client
):
    """Row counts and row checksums match table by table; signed-in pages render from the copy."""
    out = io.StringIO()
    call_command("backup", directory=str(tmp_path), stdout=out)
    dumps = list(tmp_path.glob("vig-*.dump"))
    assert len(dumps) == 1
    assert f"Backed up to {dumps[0]}" in out.getvalue()

    out = io.StringIO()
    call_command("restore", str(dumps[0]), database_name=restored_name, stdout=out)
    assert f"Restored {dumps[0]} into {restored_name}" in out.getvalue()

    source, copy = postgres.connect(), postgres.connect(name=restored_name)
    try:
        before, after = postgres.table_fingerprints(source), postgres.table_fingerprints(copy)
    finally:
        source.close()
        copy.close()
    tables = {m._meta.db_table for m in apps.get_models() if m._meta.managed}
    assert set(before) >= tables - {"pghistory_events"}  # that one is a view over the others
    assert after == before
    assert all(rows > 0 for table, (rows, _) in before.items() if table.startswith("referrals_"))

    # The smoke pages, served from the restored copy rather than the original.
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = restored_name
    try:
        Referral.objects.filter(pk=seeded.pk).update(child_first_name="OnlyInTheCopy")
        coordinator = User.objects.get(email="coordinator@example.org")
        client.force_login(coordinator)
        case = Case.objects.get(referral=seeded)
        for url in (
            reverse("core:home"),
            reverse("referrals:queue"),
            reverse("referrals:waiting_list"),
            seeded.get_absolute_url(),
            reverse("cases:list"),
            reverse("cases:overview", args=[case.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
        assert "OnlyInTheCopy" in client.get(seeded.get_absolute_url()).content.decode()
        client.force_login(User.objects.get(email="admin@example.org"))
        assert client.get(reverse("core:configuration")).status_code == 200
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
    assert Referral.objects.get(pk=seeded.pk).child_first_name != "OnlyInTheCopy"


def test_restore_refuses_a_database_that_already_has_tables(db, tmp_path):
    """Restoring over live data could mix two services' records: refused, nothing changed."""
    dump = tmp_path / "vig-x.dump"
    dump.write_bytes(b"not used")
    with pytest.raises(CommandError, match="already has .* tables. Restore only into an empty"):
        call_command("restore", str(dump), stdout=io.StringIO())


def test_restore_says_when_the_file_is_missing(db, tmp_path):
    """A mistyped file name gets a plain message."""
    with pytest.raises(CommandError, match="No backup file at"):
        call_command("restore", str(tmp_path / "missing.dump"), stdout=io.StringIO())

"""Retention: past its period a child's record is anonymised; nothing else is touched."""

import io
import logging
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cycles.models import Cycle, Rating
from documents.models import Document
from documents.tests.factories import DocumentFactory
from referrals.models import Referral, ReferralEvent
from referrals.tests.factories import SubmittedReferralFactory
from training.models import CourseDay, Trainee
from training.tests.factories import EnrolmentFactory, TraineeFactory
from vig_service.accounts.tests.factories import AdministratorFactory
from vig_service.audit.models import AccessDenial, AccessEvent, ReferralHistory
from vig_service.privacy import retention
from vig_service.privacy.models import PrivacySettings, RetentionRun
from vig_service.privacy.tests.factories import (
    CHILD_FIRST,
    CHILD_LAST,
    NHS_NUMBER,
    NOTE,
    PARENT,
    SIBLING,
    child_with_everything,
)

PERSONAL = (CHILD_FIRST, CHILD_LAST, NHS_NUMBER, PARENT, SIBLING, NOTE, "07700 900999")
# The audit app's tables are left out: its triggers add a history row for every change.
PROJECT_APPS = {"referrals", "cases", "cycles", "training"}


def everything() -> dict:
    """Every row of every project table, serialised, keyed by model and primary key."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            for obj in serializers.serialize("python", model.objects.all()):
                rows[(obj["model"], obj["pk"])] = obj["fields"]
    return rows


def run(*args) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _ended(status, *, days_ago):
    referral = SubmittedReferralFactory(status=status, child_first_name=f"Ended{status}")
    ReferralEvent.objects.create(
        referral=referral,
        action=status,
        from_status="submitted",
        to_status=status,
        occurred_at=timezone.now() - timedelta(days=days_ago),
        note="Parent said no",
    )
    return referral


@pytest.fixture
def records(db):
    """A closed case 7 years old, one closed last month, an open one, and ended referrals."""
    PrivacySettings.objects.filter(pk=PrivacySettings.load().pk).update(
        closed_case_months=72, ended_referral_months=12
    )
    return {
        "old_closed": child_with_everything(closed_days_ago=7 * 365),
        "recent_closed": child_with_everything(closed_days_ago=30),
        "open": child_with_everything(),
        "old_declined": _ended("declined", days_ago=400),
        "old_withdrawn": _ended("withdrawn", days_ago=400),
        "recent_declined": _ended("declined", days_ago=100),
    }


def test_dry_run_says_what_it_would_do_and_changes_nothing(records):
    """Without --apply: the references it would anonymise, a recorded dry run, no changes."""
    before = everything()
    output = run()
    assert "Would anonymise 1 referrals whose case closed before" in output
    assert records["old_closed"].reference in output
    assert records["recent_closed"].reference not in output
    assert "Would anonymise 1 declined referrals" in output
    assert "Would anonymise 1 withdrawn referrals" in output
    assert "Dry run: nothing was changed" in output
    assert everything() == before
    dry = RetentionRun.objects.get()
    assert not dry.applied
    assert dry.counts["closed_cases"] == 1


def test_apply_anonymises_only_what_is_past_its_period(records, caplog):
    """Personal details go from the old records; every other row is exactly as it was."""
    old = records["old_closed"]
    targets = {old.pk, records["old_declined"].pk, records["old_withdrawn"].pk}
    before = everything()
    aggregates = Referral.objects.values_list(
        "pk", "status", "priority_tier", "submitted_at"
    ).order_by("pk")
    kept = list(aggregates)
    ratings = list(Rating.objects.values_list("pk", "value", "kind").order_by("pk"))

    with caplog.at_level(logging.INFO, logger="vig_service.privacy"):
        output = run("--apply")

    assert "Anonymised 1 referrals whose case closed before" in output
    after = everything()
    assert set(after) == set(before)  # nothing deleted, nothing added
    changed = {key for key in before if before[key] != after[key]}
    linked = _rows_linked_to(targets)
    assert changed <= linked
    assert {("referrals.referral", pk) for pk in targets} <= changed
    for key in linked:
        text = str(after[key])
        assert not any(word in text for word in PERSONAL), (key, text)
    for key in set(before) - linked:
        assert before[key] == after[key]
    # The figures reports use are kept.
    assert list(aggregates) == kept
    assert list(Rating.objects.values_list("pk", "value", "kind").order_by("pk")) == ratings
    old.refresh_from_db()
    assert old.child_date_of_birth.month == old.child_date_of_birth.day == 1
    assert Case.objects.get(referral=old).closed_on is not None
    assert Cycle.objects.filter(case__referral=old).count() == 1
    # Logged: a row per run and a line without personal details.
    applied = RetentionRun.objects.get(applied=True)
    assert applied.counts["closed_cases"] == 1
    assert old.anonymised.run == applied
    assert f"Retention run {applied.pk} applied" in caplog.text
    assert not any(word in caplog.text for word in PERSONAL)
    assert old.reference not in caplog.text

    again = run("--apply")
    assert "Anonymised 0 referrals whose case closed" in again
    assert everything() == after


def test_records_fall_due_as_the_clock_moves_on(records):
    """Seven years later the case closed last month is due too; the open case never is."""
    assert set(retention.plan().referrals["closed_cases"]) == {records["old_closed"].pk}
    with time_machine.travel(timezone.now() + timedelta(days=6 * 365 + 30)):
        due = retention.plan()
    assert set(due.referrals["closed_cases"]) == {
        records["old_closed"].pk,
        records["recent_closed"].pk,
    }
    assert records["open"].pk not in sum(due.referrals.values(), [])
    assert records["recent_declined"].pk in due.referrals["declined_referrals"]


def test_a_longer_period_keeps_the_record(records):
    """Raising the closed-case period to 10 years means nothing closed is due yet."""
    PrivacySettings.objects.filter(pk=PrivacySettings.load().pk).update(closed_case_months=120)
    assert retention.plan().referrals["closed_cases"] == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-03-31", 1, "2026-02-28"),
        ("2024-03-31", 1, "2024-02-29"),
        ("2026-01-15", 13, "2024-12-15"),
        ("2026-11-21", 72, "2020-11-21"),
    ],
)
def test_months_before(day, months, expected):
    """Counting back whole months, clamping to the end of a shorter month."""
    from datetime import date

    assert retention.months_before(date.fromisoformat(day), months) == date.fromisoformat(expected)


def test_every_personal_text_field_is_anonymised_or_kept_on_purpose():
    """A new text field on a child's record must be added to ANONYMISE or to KEPT."""
    covered = {
        (model._meta.label, name)
        for model, (_, fields) in retention.ANONYMISE.items()
        for name in fields
    } | {("cases.Consent", "named_person")}
    text_fields = {
        (model._meta.label, f.name)
        for model in retention.ANONYMISE
        for f in model._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField") and not f.choices
    }
    assert text_fields - covered - retention.KEPT == set()


def test_administrator_sets_the_retention_periods(client, db):
    """The Privacy tab of the Configuration page changes the periods and lists runs."""
    client.force_login(AdministratorFactory())
    url = reverse("privacy:configuration")
    page = client.get(url).content.decode()
    assert "Months to keep a closed case" in page
    loaded_at = PrivacySettings.load().updated_at.isoformat()
    data = {
        "loaded_at": loaded_at,
        "closed_case_months": "84",
        "ended_referral_months": "6",
        "training_months": "0",
    }
    response = client.post(url, data)
    assert "Months to keep training records must be 1 or more" in response.content.decode()
    response = client.post(url, {**data, "training_months": "60"})
    assert response.status_code == 302
    saved = PrivacySettings.load()
    assert (saved.closed_case_months, saved.ended_referral_months, saved.training_months) == (
        84,
        6,
        60,
    )
    stale = client.post(url, {**data, "training_months": "12"})
    assert "The configuration was changed by" in stale.content.decode()


@pytest.mark.parametrize("role", ["referrer", "coordinator", "guider", "manager"])
def test_only_administrators_see_privacy_settings(client, db, role):
    """Everyone else is refused."""
    from vig_service.accounts.tests import factories

    client.force_login(getattr(factories, f"{role.capitalize()}Factory")())
    assert client.get(reverse("privacy:configuration")).status_code == 403


def _rows_linked_to(referral_ids) -> set:
    """(model label, pk) of every row under the given referrals."""
    linked = set()
    for model, (path, _) in retention.ANONYMISE.items():
        key = "pk__in" if path == "pk" else f"{path}__in"
        label = model._meta.label_lower
        linked |= {
            (label, pk)
            for pk in model.objects.filter(**{key: referral_ids}).values_list("pk", flat=True)
        }
    return linked


def test_old_view_records_and_change_history_go_after_the_audit_period(records):
    """Rows older than the audit app's period are deleted; younger ones are kept."""
    user = AdministratorFactory()
    old = timezone.now() - timedelta(days=8 * 366)
    for when in (old, timezone.now() - timedelta(days=30)):
        AccessEvent.objects.create(
            user=user,
            roles="administrator",
            record_kind="referral",
            action="view",
            path="/old/",
            occurred_at=when,
            referral_id=records["open"].pk,
        )
    recent_history = ReferralHistory.objects.count()
    output = run()
    assert "Would delete 1 records of who viewed a child's record" in output
    run("--apply")
    assert AccessEvent.objects.filter(path="/old/").count() == 1
    assert AccessEvent.objects.get(path="/old/").occurred_at > old
    # This year's change history is kept (the trigger would refuse its deletion anyway).
    assert ReferralHistory.objects.count() >= recent_history


def test_old_refused_look_ups_go_after_the_audit_period(records):
    """Refused look-ups older than the audit period are deleted like view records."""
    user = AdministratorFactory()
    old = timezone.now() - timedelta(days=8 * 366)
    for when in (old, timezone.now() - timedelta(days=30)):
        AccessDenial.objects.create(
            user=user,
            roles="guider",
            record_kind="case",
            record_id=999,
            status=404,
            path="/cases/999/",
            occurred_at=when,
        )
    assert "Would delete 1 records of refused look-ups" in run()
    run("--apply")
    assert AccessDenial.objects.count() == 1
    assert AccessDenial.objects.get().occurred_at > old


def test_training_records_are_anonymised_after_their_period(db):
    """Names and e-mails of people on a course that ended long ago go; recent ones stay."""
    PrivacySettings.objects.filter(pk=PrivacySettings.load().pk).update(training_months=72)
    old = EnrolmentFactory(full_name="Tamsin Old-Course", email="tamsin@example.org")
    CourseDay.objects.filter(course=old.course).update(
        date=timezone.localdate() - timedelta(days=7 * 366)
    )
    recent = EnrolmentFactory(full_name="Tamsin Recent", email="recent@example.org")
    trainee = TraineeFactory(
        full_name="Trudy Accredited",
        status=Trainee.Status.ACCREDITED,
        accredited_on=timezone.localdate() - timedelta(days=7 * 366),
    )
    output = run("--apply")
    assert "Anonymised 1 course places" in output
    old.refresh_from_db()
    recent.refresh_from_db()
    trainee.refresh_from_db()
    assert (old.full_name, old.email) == ("Removed", "")
    assert recent.full_name == "Tamsin Recent"
    assert trainee.full_name == "Removed"


def test_an_anonymised_records_documents_and_their_files_are_removed(
    records, documents_store, django_capture_on_commit_callbacks
):
    """A file cannot be anonymised, so it goes; a recent case keeps its documents."""
    old = DocumentFactory(case=records["old_closed"].case)
    recent = DocumentFactory(case=records["recent_closed"].case)
    with django_capture_on_commit_callbacks(execute=True):
        run("--apply")
    assert list(Document.objects.values_list("pk", flat=True)) == [recent.pk]
    stored = {p.relative_to(documents_store).as_posix() for p in documents_store.rglob("*.pdf")}
    assert stored == {recent.stored_name}
    assert old.stored_name not in stored


def test_the_certificates_of_people_whose_training_names_go_are_removed_too(
    db, documents_store, django_capture_on_commit_callbacks
):
    """A certificate carries the person's name, so it goes with the name."""
    PrivacySettings.objects.filter(pk=PrivacySettings.load().pk).update(training_months=72)
    long_ago = timezone.localdate() - timedelta(days=7 * 366)
    old = EnrolmentFactory(full_name="Tamsin Old-Course")
    CourseDay.objects.filter(course=old.course).update(date=long_ago)
    recent = EnrolmentFactory(full_name="Tamsin Recent")
    trainee = TraineeFactory(status=Trainee.Status.ACCREDITED, accredited_on=long_ago)
    for enrolment in (old, recent):
        DocumentFactory(
            case=None,
            course=enrolment.course,
            enrolment=enrolment,
            uploaded_by=trainee.supervisor,
        )
    DocumentFactory(case=None, trainee=trainee, uploaded_by=trainee.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        run("--apply")
    assert list(Document.objects.values_list("enrolment", flat=True)) == [recent.pk]
    assert len(list(documents_store.rglob("*.pdf"))) == 1

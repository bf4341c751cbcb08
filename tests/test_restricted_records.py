"""Restricted records across the service: once a child is restricted, a coordinator, guider,
manager or administrator not named finds nothing of them (case pages, lists, the diary and its
feed, documents, the referrals CSV, the audit search, subject access, the Django admin), and the
named coordinator still does; restricting and lifting from the case overview."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.tests.factories import ActiveCaseFactory, FilmedCycleFactory
from diary.digest import collect
from diary.models import CalendarFeed
from diary.tests.factories import FilmingAppointmentFactory
from documents.tests.factories import DocumentFactory
from referrals.children import Child, Restriction
from referrals.services import restriction_add
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
)
from vig_service.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted(documents_store):
    """A case whose child is restricted to one coordinator, with a cycle, a document and an
    appointment; and another coordinator, its guider and an administrator, none named."""
    named, guider = CoordinatorFactory(), GuiderFactory()
    case = ActiveCaseFactory(
        guider=guider,
        referral__child=Child.objects.create(),
        referral__child_first_name="Xanthippe",
    )
    cycle = FilmedCycleFactory(case=case)
    document = DocumentFactory(case=case, title="Xanthippe's plan")
    appointment = FilmingAppointmentFactory(cycle=cycle, case=case)
    restriction_add(
        child_id=case.referral.child_id, staff_ids=[named.pk], reason="Family", by=named
    )
    return {
        "case": case,
        "cycle": cycle,
        "document": document,
        "appointment": appointment,
        "named": named,
        "guider": guider,
        "other": CoordinatorFactory(),
        "administrator": AdministratorFactory(),
    }


def _pages(r):
    case = r["case"]
    return [
        reverse("cases:overview", args=[case.pk]),
        reverse("cases:timeline", args=[case.pk]),
        reverse("cases:measures", args=[case.pk]),
        reverse("cycles:detail", args=[r["cycle"].pk]),
        reverse("documents:case_list", kwargs={"case_pk": case.pk}),
        reverse("documents:case_download", kwargs={"case_pk": case.pk, "pk": r["document"].pk}),
        reverse("diary:appointment", args=[r["appointment"].pk]),
        reverse("family:case_links", kwargs={"case_pk": case.pk}),
        reverse("referrals:detail", args=[case.referral.pk]),
    ]


@pytest.mark.parametrize("who", ["other", "guider"])
def test_every_page_of_the_childs_record_is_not_found_for_staff_not_named(client, restricted, who):
    client.force_login(restricted[who])
    for url in _pages(restricted):
        assert client.get(url).status_code == 404, url


def test_the_named_coordinator_still_opens_them(client, restricted):
    client.force_login(restricted["named"])
    for url in _pages(restricted)[:5]:
        assert client.get(url).status_code == 200, url


def test_lists_and_the_diary_leave_the_child_out_for_those_not_named(client, restricted):
    reference = restricted["case"].referral.reference
    client.force_login(restricted["other"])
    for url in [
        reverse("cases:list"),
        reverse("referrals:queue") + "?status=allocated",
        reverse("diary:team"),
        reverse("core:home"),
    ]:
        body = client.get(url).content.decode()
        assert "Xanthippe" not in body, url
        assert reference not in body, url
    client.force_login(restricted["guider"])
    for url in [reverse("cases:list"), reverse("diary:mine"), reverse("core:home")]:
        body = client.get(url).content.decode()
        assert reference not in body, url
    client.force_login(restricted["named"])
    assert reference in client.get(reverse("cases:list")).content.decode()


def test_the_guiders_calendar_feed_leaves_the_appointment_out_until_lifted(client, restricted):
    feed = CalendarFeed.objects.create(user=restricted["guider"])
    url = reverse("diary:feed", kwargs={"token": feed.token})
    reference = restricted["case"].referral.reference
    assert reference not in b"".join(client.get(url)).decode()
    restriction = Restriction.objects.get()
    restriction.staff.add(restricted["guider"])
    assert reference in b"".join(client.get(url)).decode()


def test_the_referrals_csv_has_the_childs_row_for_the_named_coordinator_only(client, restricted):
    reference = restricted["case"].referral.reference
    client.force_login(restricted["other"])
    csv = b"".join(client.get(reverse("reports:referrals_csv"))).decode()
    assert reference not in csv
    client.force_login(restricted["named"])
    csv = b"".join(client.get(reverse("reports:referrals_csv"))).decode()
    assert reference in csv


def test_an_administrator_not_named_finds_nothing_in_the_audit_subject_access_or_admin(
    client, restricted
):
    referral = restricted["case"].referral
    client.force_login(restricted["named"])
    client.get(reverse("cases:overview", args=[restricted["case"].pk]))
    assert AccessEvent.objects.filter(referral_id=referral.pk).exists()
    client.force_login(restricted["administrator"])
    events = client.get(reverse("audit:events")).content.decode()
    assert referral.reference not in events
    searched = client.get(reverse("audit:events"), {"reference": referral.reference})
    assert "No records were opened" in searched.content.decode()
    assert "Every change to" not in searched.content.decode()
    assert client.get(reverse("audit:changes", args=[referral.pk])).status_code == 404
    sent = client.post(reverse("privacy:subject_access"), {"reference": referral.reference})
    assert f"There is no referral with the reference {referral.reference}" in sent.content.decode()
    download = reverse("privacy:subject_access_download", args=[referral.pk])
    assert client.get(download).status_code == 404
    admin = client.get(reverse("admin:referrals_referral_changelist")).content.decode()
    assert referral.reference not in admin


def test_a_coordinator_restricts_and_lifts_from_the_case_overview(client, documents_store):
    by, other = CoordinatorFactory(), CoordinatorFactory()
    case = ActiveCaseFactory(referral__child=Child.objects.create())
    client.force_login(by)
    overview = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert "Restrict these records" in overview
    url = reverse("cases:restrict", args=[case.pk])
    response = client.post(url, {"staff": [str(by.pk)], "reason": "Family", "seen_event": "0"})
    assert response.status_code == 302
    client.force_login(other)
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 404
    client.force_login(by)
    page = client.get(url).content.decode()
    assert "Change who can see these records" in page
    assert "Records restricted" in page  # the child's history
    client.post(reverse("cases:restriction_lift", args=[case.pk]))
    client.force_login(other)
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 200


def test_a_manager_restricts_a_case_they_read_and_the_named_list_shows_it(client):
    manager, named = ManagerFactory(), CoordinatorFactory()
    case = ActiveCaseFactory(referral__child=Child.objects.create())
    restriction_add(
        child_id=case.referral.child_id,
        staff_ids=[named.pk, manager.pk],
        reason="Family",
        by=named,
    )
    client.force_login(manager)
    listed = client.get(reverse("referrals:restrictions")).content.decode()
    assert reverse("cases:restrict", args=[case.pk]) in listed
    assert reverse("referrals:restrict", args=[case.referral.pk]) not in listed


def test_the_reminder_digest_sends_a_restricted_childs_items_to_the_named_alone(restricted):
    today = timezone.localdate()
    reference = restricted["case"].referral.reference
    guider = restricted["guider"].pk

    def lines_for(user_id):
        sections = collect(today=today, waiting_days=21).get(user_id, {})
        return [line.text for lines in sections.values() for line in lines]

    assert not any(reference in text for text in lines_for(guider))
    Restriction.objects.get().staff.add(restricted["guider"])
    assert any(reference in text for text in lines_for(guider))

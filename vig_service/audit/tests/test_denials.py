"""Refused look-ups of children's records: recorded, shown on the Audit page, and alerted on."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases.tests.factories import CaseFactory
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
)
from vig_service.audit.models import AccessDenial, AuditSettings, DenialAlert

MISSING = 987654


def test_guider_refused_another_guiders_case_leaves_who_path_status_and_address(client, db):
    """A 404 on someone else's case is a row naming the person, the case, the child and where."""
    case = CaseFactory()
    snoop = GuiderFactory(full_name="Sam Snoop")
    client.force_login(snoop)
    path = reverse("cases:overview", args=[case.pk])
    assert client.get(path, REMOTE_ADDR="10.4.5.6").status_code == 404
    denial = AccessDenial.objects.get()
    assert (denial.user, denial.roles, denial.status) == (snoop, "guider", 404)
    assert (denial.record_kind, denial.record_id, denial.path) == ("case", case.pk, path)
    assert (denial.referral_id, denial.child_reference) == (
        case.referral_id,
        case.referral.reference,
    )
    assert denial.ip_address == "10.4.5.6"


def test_trying_ids_that_do_not_exist_is_recorded_too(client, db):
    """Enumerating referral ids leaves one row per id tried, though no record has it."""
    client.force_login(ReferrerFactory())
    for pk in (MISSING, MISSING + 1):
        assert client.get(reverse("referrals:detail", args=[pk])).status_code == 404
    assert sorted(AccessDenial.objects.values_list("record_id", "referral_id")) == [
        (MISSING, None),
        (MISSING + 1, None),
    ]


def test_a_role_refused_a_record_page_is_recorded_as_403(client, db):
    """A referrer refused a case page (not their role) leaves a 403 row."""
    case = CaseFactory()
    client.force_login(ReferrerFactory())
    assert client.get(reverse("cases:overview", args=[case.pk])).status_code == 403
    assert AccessDenial.objects.get().status == 403


def test_refusals_away_from_childrens_records_are_not_recorded(client, db):
    """A referrer refused the Users page has not tried a child's record."""
    client.force_login(ReferrerFactory())
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get("/no-such-page/").status_code == 404
    assert not AccessDenial.objects.exists()


def test_the_database_refuses_to_change_or_delete_a_refusal_row(client, db):
    """Refusal rows are append-only like every audit table."""
    client.force_login(ReferrerFactory())
    client.get(reverse("referrals:detail", args=[MISSING]))
    denial = AccessDenial.objects.get()
    for sql in (
        "UPDATE audit_accessdenial SET status = 200 WHERE id = %s",
        "DELETE FROM audit_accessdenial WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [denial.pk])
    assert AccessDenial.objects.get().status == 404


def test_reaching_the_refusal_threshold_alerts_the_service_once_an_hour(
    client, configuration, mailoutbox
):
    """At the threshold the contact is e-mailed once and the Audit page shows the alert."""
    audit_settings = AuditSettings.load()
    audit_settings.denial_alert_threshold = 3
    audit_settings.save()
    snoop = GuiderFactory(full_name="Sam Snoop")
    client.force_login(snoop)
    for pk in range(MISSING, MISSING + 2):
        client.get(reverse("referrals:detail", args=[pk]))
    assert not DenialAlert.objects.exists()
    assert mailoutbox == []

    client.get(reverse("referrals:detail", args=[MISSING + 2]))
    alert = DenialAlert.objects.get()
    assert (alert.user, alert.denials, alert.threshold) == (snoop, 3, 3)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["vig@example.gov.uk"]
    assert "Sam Snoop" in mailoutbox[0].body
    assert "refused 3 pages" in mailoutbox[0].body

    for pk in range(MISSING + 3, MISSING + 6):
        client.get(reverse("referrals:detail", args=[pk]))
    assert DenialAlert.objects.count() == 1
    assert len(mailoutbox) == 1

    client.force_login(AdministratorFactory())
    page = client.get(reverse("audit:events")).content.decode()
    assert "Sam Snoop" in page
    assert "was refused 3 pages of children" in page


def test_refused_look_ups_page_lists_and_searches_by_person(client, db):
    """Administrators search the refusals by e-mail; each row says what was refused and why."""
    referral = SubmittedReferralFactory()
    snoop, other = ReferrerFactory(email="snoop@example.org"), ReferrerFactory()
    for person in (snoop, other):
        client.force_login(person)
        client.get(reverse("referrals:detail", args=[referral.pk]))
    client.force_login(AdministratorFactory())
    everyone = client.get(reverse("audit:denials"))
    assert everyone.context["page"].paginator.count == 2
    found = client.get(reverse("audit:denials"), {"email": "SNOOP@example.org"})
    html = found.content.decode()
    assert [d.user for d in found.context["page"]] == [snoop]
    assert "1 refused look-up matching the search" in html
    assert "Not found (404)" in html
    assert referral.reference in html


def test_only_administrators_see_the_refused_look_ups(client, db):
    """Everyone else is refused the page (and that is not a child's record)."""
    client.force_login(ManagerFactory())
    assert client.get(reverse("audit:denials")).status_code == 403


@pytest.mark.parametrize("pk", [2**63 - 1, 2**63, 10**30])
def test_an_id_past_any_rows_range_is_a_404_recorded_against_no_child(client, db, pk):
    """A guessed id too large for any row is refused like any missing one, never a 500: the
    row keeps the path tried, and the id when a row could have it."""
    client.force_login(ReferrerFactory())
    path = f"/referrals/{pk}/"
    assert client.get(path).status_code == 404
    kept = pk if pk < 2**63 else None
    assert list(AccessDenial.objects.values_list("path", "record_id", "referral_id")) == [
        (path, kept, None)
    ]

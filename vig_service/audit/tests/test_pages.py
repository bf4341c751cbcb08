"""The administrators' Audit page, a child's change history and the audit settings tab."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import CaseFactory
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    ManagerFactory,
)
from vig_service.audit.models import AccessEvent, AuditSettings


def _event(user, referral, *, days_ago=0):
    return AccessEvent.objects.create(
        user=user,
        roles="coordinator",
        record_kind="referral",
        record_id=referral.pk,
        referral_id=referral.pk,
        child_reference=referral.reference,
        action="view",
        path=f"/referrals/{referral.pk}/",
        occurred_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.mark.parametrize("name", ["audit:events", "audit:configuration"])
def test_only_administrators_reach_the_audit_pages(client, db, name):
    """Coordinators and managers are refused."""
    for person in (CoordinatorFactory(), ManagerFactory()):
        client.force_login(person)
        assert client.get(reverse(name)).status_code == 403


def test_search_by_person_child_and_dates(client, db):
    """Each filter narrows the list to the matching rows."""
    alex = CoordinatorFactory(email="alex@example.org", full_name="Alex Nance")
    sam = CoordinatorFactory(email="sam@example.org", full_name="Sam Pascoe")
    first, second = SubmittedReferralFactory.create_batch(2)
    _event(alex, first, days_ago=10)
    _event(alex, second)
    _event(sam, first)
    client.force_login(AdministratorFactory())
    url = reverse("audit:events")

    def rows(**query):
        page = client.get(url, query).context["page"]
        return sorted((e.user.email, e.child_reference) for e in page.object_list)

    assert len(rows()) == 3
    assert rows(email="ALEX@example.org") == sorted(
        [("alex@example.org", first.reference), ("alex@example.org", second.reference)]
    )
    assert rows(reference=first.reference) == sorted(
        [("alex@example.org", first.reference), ("sam@example.org", first.reference)]
    )
    today = timezone.localdate()
    since_yesterday = {
        "date_from_0": (today - timedelta(days=1)).day,
        "date_from_1": (today - timedelta(days=1)).month,
        "date_from_2": (today - timedelta(days=1)).year,
    }
    assert len(rows(**since_yesterday)) == 2
    assert rows(email="nobody@example.org") == []


def test_search_by_child_links_to_its_change_history(client, db):
    """Searching for a reference offers every change to that child's records."""
    referral = SubmittedReferralFactory()
    client.force_login(AdministratorFactory())
    page = client.get(reverse("audit:events"), {"reference": referral.reference})
    assert reverse("audit:changes", args=[referral.pk]) in page.content.decode()


@pytest.mark.parametrize("size", [5, 60])
def test_the_audit_page_has_a_constant_number_of_queries(
    client, db, size, django_assert_max_num_queries
):
    """Paginated, with each row's person fetched in the same query."""
    referrals = SubmittedReferralFactory.create_batch(3)
    people = CoordinatorFactory.create_batch(3)
    for n in range(size):
        _event(people[n % 3], referrals[n % 3])
    client.force_login(AdministratorFactory())
    # 14 at both sizes: the page's own reads (each kind of alert is one) plus the session's
    # first-activity stamp and the second-factor check that every signed-in request makes.
    with django_assert_max_num_queries(14):
        response = client.get(reverse("audit:events"), {"page": 1})
    assert response.status_code == 200


def test_change_history_shows_each_field_before_and_after(client, db):
    """An administrator sees who changed what on a child's referral and case."""
    case = CaseFactory()
    referral = case.referral
    referral.child_first_name, old_name = "Tamsin", referral.child_first_name
    referral.save()
    client.force_login(AdministratorFactory())
    page = client.get(reverse("audit:changes", args=[referral.pk])).content.decode()
    assert f"Referral {referral.reference}: update" in page
    assert old_name in page
    assert "Tamsin" in page
    assert "Case: insert" in page
    # Viewing the history is itself a view of the child's record.
    assert AccessEvent.objects.filter(referral_id=referral.pk).count() == 1


def test_administrator_changes_the_audit_settings(client, db):
    """The Audit tab of Configuration saves the retention period and the threshold."""
    admin = AdministratorFactory()
    client.force_login(admin)
    url = reverse("audit:configuration")
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "loaded_at": form["loaded_at"].value(),
            "retention_years": "8",
            "alert_threshold": "20",
            "denial_alert_threshold": "12",
        },
    )
    assert response.status_code == 302
    saved = AuditSettings.load()
    assert (saved.retention_years, saved.alert_threshold, saved.denial_alert_threshold) == (
        8,
        20,
        12,
    )


def test_audit_settings_refuse_nonsense(client, db):
    """A retention period of 0 years is refused in plain words."""
    client.force_login(AdministratorFactory())
    url = reverse("audit:configuration")
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "loaded_at": form["loaded_at"].value(),
            "retention_years": "0",
            "alert_threshold": "20",
            "denial_alert_threshold": "20",
        },
    )
    assert "Years to keep the audit must be 1 or more" in response.content.decode()
    assert AuditSettings.load().retention_years == 7


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"reference": "VIG\x00"}, "Child&#x27;s referral reference must not include control"),
        ({"email": "a\x00@example.org"}, "Person&#x27;s email address must not include control"),
        (
            {"date_from_0": "1", "date_from_1": "1", "date_from_2": "2999"},
            "Year must be between 1900 and 2100",
        ),
    ],
)
def test_a_search_with_bad_characters_or_years_is_explained(client, db, query, message):
    """NUL bytes and out-of-range years are refused in the error summary, never a 500."""
    client.force_login(AdministratorFactory())
    response = client.get(reverse("audit:events"), query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html

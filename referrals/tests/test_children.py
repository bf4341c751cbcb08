"""One child across referrals: a referral sent for a child already known joins that child
(by NHS number, else by exact name and date of birth); the migration links existing
referrals and says what it linked; coordinators see the child's previous involvement and
referrers never do."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from referrals.children import Restriction
from referrals.models import Child, Referral
from referrals.services import referral_submit
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db
BORN = date(2021, 5, 17)


def _send(**child):
    draft = CompleteDraftFactory(**child)
    return referral_submit(referral_id=draft.pk, by=draft.referrer, site_url="http://testserver/")


def test_a_second_referral_for_the_same_child_joins_their_record():
    first = _send(child_nhs_number="9434765919", child_first_name="Amy", child_last_name="Lee")
    by_nhs = _send(child_nhs_number="9434765919", child_first_name="Amelia", child_last_name="Li")
    assert by_nhs.child == first.child
    named = _send(child_first_name="Jo", child_last_name="Penrose", child_date_of_birth=BORN)
    by_name = _send(child_first_name="JO ", child_last_name="penrose", child_date_of_birth=BORN)
    assert by_name.child == named.child
    other = _send(
        child_first_name="Jo", child_last_name="Penrose", child_date_of_birth=date(2022, 1, 1)
    )
    assert other.child not in (first.child, named.child)
    assert Child.objects.count() == 3


def test_the_migration_links_existing_referrals_and_says_what_it_linked(capsys):
    for nhs, first, last in (("9434765919", "Amy", "Lee"), ("9434765919", "Amy", "Leigh")):
        SubmittedReferralFactory(
            child_nhs_number=nhs, child_first_name=first, child_last_name=last
        )
    for first in ("Jo", "jo"):
        SubmittedReferralFactory(
            child_nhs_number="",
            child_first_name=first,
            child_last_name="Penrose",
            child_date_of_birth=BORN,
        )
    SubmittedReferralFactory(child_nhs_number="", child_first_name="Sam", child_last_name="Hart")
    Referral.objects.update(child=None)
    migration = importlib.import_module("referrals.migrations.0013_link_children")
    migration.forwards(apps, None)
    out = capsys.readouterr().out
    assert "3 children for the submitted referrals" in out
    assert "1 referrals joined an earlier one's child by NHS number" in out
    assert "1 by name and date of birth" in out
    assert Referral.objects.filter(child__isnull=True).exclude(reference="").count() == 0


def test_the_coordinator_sees_previous_involvement_and_the_referrer_does_not(client):
    earlier = _send(child_nhs_number="9434765919")
    Referral.objects.filter(pk=earlier.pk).update(
        status=Referral.Status.DECLINED, decline_reason="Another service is working with them"
    )
    now = _send(child_nhs_number="9434765919")
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("referrals:detail", args=[now.pk])).content.decode()
    assert "Previous involvement" in html
    assert earlier.reference in html
    assert "Another service is working with them" in html
    client.force_login(now.referrer)
    mine = client.get(reverse("referrals:detail", args=[now.pk])).content.decode()
    assert "Previous involvement" not in mine
    assert earlier.reference not in mine


def test_the_queue_marks_a_child_known_before(client):
    first = _send(child_first_name="Jo", child_last_name="Penrose", child_date_of_birth=BORN)
    again = _send(child_first_name="Jo", child_last_name="Penrose", child_date_of_birth=BORN)
    new = _send(child_first_name="Sam", child_last_name="Hart", child_date_of_birth=BORN)
    client.force_login(CoordinatorFactory())
    html = client.get(reverse("referrals:queue")).content.decode()
    rows = {
        reference: html.split(reference)[1].split("</tr>")[0]
        for reference in (first.reference, again.reference, new.reference)
    }
    assert "Known before" in rows[first.reference]
    assert "Known before" in rows[again.reference]
    assert "Known before" not in rows[new.reference]


def test_the_queue_never_hints_at_a_restricted_childs_referral(client):
    hidden = _send(child_nhs_number="9434765919", child_first_name="Amy", child_last_name="Lee")
    shown = _send(child_nhs_number="9434765919", child_first_name="Amelia", child_last_name="Li")
    Referral.objects.filter(pk=shown.pk).update(child=Child.objects.create())
    named, other = CoordinatorFactory(), CoordinatorFactory()
    restriction = Restriction.objects.create(
        child=hidden.child, reason="Family", restricted_by=named
    )
    restriction.staff.add(named)

    def row(coordinator):
        client.force_login(coordinator)
        html = client.get(reverse("referrals:queue")).content.decode()
        return html.split(shown.reference)[1].split("</tr>")[0]

    assert "Possible duplicate" in row(named)
    assert "Possible duplicate" not in row(other)

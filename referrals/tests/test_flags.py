"""Flags on a child: raised with their details, refused without the detail a kind needs or
with dates in the past, ended once (staying in the history), and shown on the referral page
and in the queue to coordinators."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.children import Child, Flag, FlagEvent
from referrals.errors import ReferralError
from referrals.services import flag_end, flag_raise
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def _referral():
    return SubmittedReferralFactory(child=Child.objects.create())


def test_a_flag_needs_the_detail_its_kind_names_and_dates_ahead():
    referral, by = _referral(), CoordinatorFactory()
    raise_ = {"child_id": referral.child_id, "by": by, "scope": "household"}
    with pytest.raises(ReferralError, match="Enter the language, like Polish"):
        flag_raise(**raise_, kind="interpreter")
    with pytest.raises(ReferralError, match="Enter who must not be contacted"):
        flag_raise(**raise_, kind="do_not_contact", detail="   ")
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ReferralError, match="The review date must be today or later"):
        flag_raise(**raise_, kind="lone_working", review_on=yesterday)
    with pytest.raises(ReferralError, match="A flag on this case only is raised from the case"):
        flag_raise(**{**raise_, "scope": "case"}, kind="lone_working")
    flag = flag_raise(**raise_, kind="interpreter", detail=" Polish ")
    assert str(flag) == "Interpreter needed: Polish"
    assert FlagEvent.objects.get(flag=flag).action == "raised"


def test_an_ended_flag_stops_showing_and_stays_in_the_history(client):
    referral, coordinator = _referral(), CoordinatorFactory()
    flag = flag_raise(
        child_id=referral.child_id, by=coordinator, scope="child", kind="lone_working"
    )
    client.force_login(coordinator)
    page = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Lone-working risk" in page
    queue = client.get(reverse("referrals:queue")).content.decode()
    tag = 'govuk-tag--red">Lone-working risk'
    assert tag in queue
    client.post(reverse("referrals:flag_end", args=[referral.pk, flag.pk]))
    flag.refresh_from_db()
    assert flag.ends_on == timezone.localdate()
    assert not flag.is_active()
    assert tag not in client.get(reverse("referrals:queue")).content.decode()
    with pytest.raises(ReferralError, match="already ended"):
        flag_end(flag_id=flag.pk, by=coordinator)
    assert list(flag.events.values_list("action", flat=True)) == ["raised", "ended"]
    assert Flag.objects.count() == 1


def test_a_coordinator_raises_a_flag_from_the_referral_page(client):
    referral = _referral()
    client.force_login(CoordinatorFactory())
    url = reverse("referrals:flag_raise", args=[referral.pk])
    refused = client.post(url, {"kind": "do_not_contact", "scope": "household"})
    assert "Enter who must not be contacted" in refused.content.decode()
    done = client.post(
        url, {"kind": "do_not_contact", "detail": "The father", "scope": "household"}, follow=True
    )
    assert "Flag raised: Do not contact a named person: The father" in done.content.decode()

"""The coordinator's home page counts: each coordinator's own scope, restrictions included."""

import re
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from referrals import selectors
from referrals.children import Child
from referrals.models import Referral
from referrals.services import (
    referral_provide_information,
    referral_request_information,
    restriction_add,
)
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
)

pytestmark = pytest.mark.django_db


def _counts(user) -> tuple:
    week_ago = timezone.now() - timedelta(days=7)
    return (
        [(row["tier"], row["count"]) for row in selectors.new_referral_tier_counts(user=user)],
        selectors.waiting_for_referrer_count(user=user, asked_before=week_ago),
        selectors.waiting_list_count(user=user),
    )


def _world(named):
    """One referral of each kind counted, and the same again for a child restricted to
    `named`."""
    for child in (None, Child.objects.create()):
        submitted = SubmittedReferralFactory(priority_tier=1, child=child)
        asked = SubmittedReferralFactory(child=submitted.child)
        with time_machine.travel(timezone.now() - timedelta(days=10)):
            referral_request_information(
                referral_id=asked.pk, by=named, message="Who lives at home?", site_url="/"
            )
        SubmittedReferralFactory(child=submitted.child, status=Referral.Status.ACCEPTED)
    restriction_add(
        child_id=submitted.child_id, staff_ids=[named.pk], reason="A colleague's family", by=named
    )


def test_each_coordinator_counts_only_the_referrals_they_may_see():
    """The named coordinator counts the restricted child's referrals; another does not,
    whichever of them opens the page first."""
    named, other = CoordinatorFactory(), CoordinatorFactory()
    _world(named)

    assert _counts(other) == ([("1", 1)], 1, 1)
    assert _counts(named) == ([("1", 2)], 2, 2)
    assert _counts(other) == ([("1", 1)], 1, 1)


@pytest.mark.parametrize("factory", [ReferrerFactory, GuiderFactory, ManagerFactory])
def test_the_counts_are_refused_to_anyone_but_a_coordinator(factory):
    """A coordinator's scope is compiled into these counts, so no one else may read them."""
    SubmittedReferralFactory(priority_tier=1)
    with pytest.raises(PermissionDenied):
        _counts(factory())


def test_a_referral_waits_from_its_latest_question_not_its_first():
    """Asked, answered and asked again: counted once its latest question is over a week old."""
    coordinator = CoordinatorFactory()
    for asked_again in (2, 8):
        referral = SubmittedReferralFactory()
        for days_ago, step in ((10, "ask"), (9, "answer"), (asked_again, "ask")):
            with time_machine.travel(timezone.now() - timedelta(days=days_ago)):
                if step == "ask":
                    referral_request_information(
                        referral_id=referral.pk, by=coordinator, message="Who?", site_url="/"
                    )
                else:
                    referral_provide_information(
                        referral_id=referral.pk, by=referral.referrer, answer="Gran."
                    )
    assert _counts(coordinator)[1] == 1


def _queue_tiers(client, user, query="") -> list[str]:
    client.force_login(user)
    html = client.get(reverse("referrals:queue") + query).content.decode()
    return re.findall(r"<li><strong>([^<]+)</strong>: (\d+)</li>", html)


def _fresh_tiers(user, status, **narrowed) -> list[tuple[str, str]]:
    rows = Referral.objects.visible_to(user).filter(status=status, **narrowed)
    counts = Counter(rows.values_list("priority_tier", flat=True))
    return [
        (f"Tier {tier}" if tier else "No tier", str(n))
        for tier, n in sorted(counts.items(), key=lambda item: item[0] or 99)
    ]


def test_the_queues_tier_counts_as_it_opens_are_each_coordinators_own(client):
    """The kept counts less what is restricted: the same as counting the queue's rows, for
    the named coordinator and another, for either status, and with a filter narrowing it."""
    named, other = CoordinatorFactory(), CoordinatorFactory()
    _world(named)
    SubmittedReferralFactory(priority_tier=None)
    SubmittedReferralFactory(priority_tier=3, route_in="early_help_hub")
    asked = Referral.Status.MORE_INFO_REQUESTED

    for user in (other, named):
        assert _queue_tiers(client, user) == _fresh_tiers(user, Referral.Status.SUBMITTED)
        assert _queue_tiers(client, user, f"?status={asked}") == _fresh_tiers(user, asked)
        assert _queue_tiers(client, user, "?route=early_help_hub") == _fresh_tiers(
            user, Referral.Status.SUBMITTED, route_in="early_help_hub"
        )
    assert _queue_tiers(client, named) != _queue_tiers(client, other)

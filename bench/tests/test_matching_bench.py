"""The matching benchmark's data and its one query: seeded referrals each get a child of
their own, and matching a referral reads one query however many records look like its child."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.children import link_children
from referrals.matching import candidate_matches
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory, ManagerFactory
from vig_service.audit.models import ReferralHistory

pytestmark = pytest.mark.django_db


def _queries(referral, coordinator) -> int:
    candidate_matches(referral, user=coordinator)  # the user's roles, read once per request
    with CaptureQueriesContext(connection) as queries:
        candidate_matches(referral, user=coordinator)
    return len(queries)


def test_seeded_referrals_get_children_and_matching_is_one_query_at_any_size():
    ManagerFactory(email="manager@example.org")
    coordinator = CoordinatorFactory()
    call_command("seed_scale", referrals=300, seed=5, force=True, stdout=io.StringIO())
    submitted = Referral.objects.exclude(status="draft")
    history = ReferralHistory.objects.count()
    assert link_children() == submitted.count()
    # Synthetic rows write no change history (a million history rows took many minutes).
    assert ReferralHistory.objects.count() == history
    assert not submitted.filter(child__isnull=True).exists()
    assert not Referral.objects.filter(status="draft", child__isnull=False).exists()
    # Each its own child: the bench measures the search, not children already joined.
    assert submitted.values("child").distinct().count() == submitted.count()
    assert link_children() == 0
    referral = submitted.order_by("pk").last()
    assert _queries(referral, coordinator) == 1
    # Twenty more records of that child, each with a child record of its own: one query.
    SubmittedReferralFactory.create_batch(
        20,
        child_first_name=referral.child_first_name,
        child_last_name=referral.child_last_name,
        child_date_of_birth=referral.child_date_of_birth,
    )
    link_children()
    assert len(candidate_matches(referral, user=coordinator)) == 5
    assert _queries(referral, coordinator) == 1

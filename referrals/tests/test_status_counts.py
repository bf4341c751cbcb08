"""The referrals kept counted by status and tier equal a fresh count after any writes, and the
coordinator's counts read from them equal those of their scope, restrictions included
(docs/architecture.md, "The limit facts")."""

import pytest
from django.db.models import Count
from django.db.models.functions import Coalesce
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals import selectors
from referrals.children import Child, Restriction
from referrals.filters import NO_TIER
from referrals.models import Referral, StatusCount
from referrals.services import restriction_add
from referrals.tests.factories import DraftReferralFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory

ROW = st.integers(min_value=0, max_value=20)
STATUS = st.sampled_from([s for s, _label in Referral.Status.choices])
TIER = st.one_of(st.none(), st.integers(1, 5))

write = st.one_of(
    st.tuples(st.just("draft")),
    st.tuples(st.just("submit"), TIER, st.booleans()),
    st.tuples(st.just("status"), ROW, STATUS),
    st.tuples(st.just("tier"), ROW, TIER),
    st.tuples(st.just("all accepted")),
    st.tuples(st.just("delete"), ROW),
    st.tuples(st.just("restrict"), ROW, st.booleans()),
    st.tuples(st.just("lift"), ROW),
)


def _pick(rows, index):
    rows = list(rows.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _apply(step, named) -> None:
    """One write through the ORM, as services and bulk updates make them."""
    kind, *args = step
    if kind == "draft":
        DraftReferralFactory()
    elif kind == "submit":
        child = Child.objects.order_by("pk").first() if args[1] else None
        SubmittedReferralFactory(priority_tier=args[0], **({"child": child} if child else {}))
    elif kind == "status" and (
        referral := _pick(Referral.objects.exclude(status="draft"), args[0])
    ):
        Referral.objects.filter(pk=referral.pk).update(status=args[1])
    elif kind == "tier" and (referral := _pick(Referral.objects, args[0])):
        referral.priority_tier = args[1]
        referral.save()
    elif kind == "all accepted":
        Referral.objects.filter(status=Referral.Status.SUBMITTED).update(
            status=Referral.Status.ACCEPTED
        )
    elif kind == "delete" and (referral := _pick(Referral.objects, args[0])):
        referral.delete()
    elif kind == "restrict" and (referral := _pick(Referral.objects.exclude(child=None), args[0])):
        staff = [named.pk] if args[1] else [CoordinatorFactory().pk]
        if not Restriction.objects.filter(child=referral.child, lifted_at=None).exists():
            restriction_add(child_id=referral.child_id, staff_ids=staff, reason="Staff", by=named)
    elif kind == "lift" and (restriction := _pick(Restriction.objects, args[0])):
        Restriction.objects.filter(pk=restriction.pk).update(lifted_at=restriction.created_at)


def _fresh() -> dict[tuple[str, int], int]:
    rows = (
        Referral.objects.annotate(tier=Coalesce("priority_tier", 0))
        .values_list("status", "tier")
        .annotate(n=Count("pk"))
    )
    return {(status, tier): n for status, tier, n in rows}


def _kept() -> dict[tuple[str, int], int]:
    return {(s.status, s.tier): s.n for s in StatusCount.objects.exclude(n=0)}


def _scope_counts(coordinator) -> tuple[dict, int]:
    """The coordinator's counts from their scope itself (visible_to), as the page once read."""
    scope = Referral.objects.visible_to(coordinator)
    tiers = scope.filter(status=Referral.Status.SUBMITTED).values_list("priority_tier")
    waiting = scope.filter(status=Referral.Status.ACCEPTED).count()
    return {tier: n for tier, n in tiers.annotate(n=Count("pk"))}, waiting


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(write, min_size=1, max_size=25))
def test_the_counts_kept_equal_a_fresh_count_and_each_coordinators_scope(steps):
    Referral.objects.all().delete()  # each example starts from what it writes
    Restriction.objects.all().delete()
    named, other = CoordinatorFactory(), CoordinatorFactory()
    for step in steps:
        _apply(step, named)
    assert _kept() == _fresh()
    for coordinator in (named, other):
        tiers, waiting = _scope_counts(coordinator)
        shown = {
            None if row["tier"] == NO_TIER else int(row["tier"]): row["count"]
            for row in selectors.new_referral_tier_counts(user=coordinator)
        }
        assert shown == tiers
        assert selectors.waiting_list_count(user=coordinator) == waiting


@pytest.mark.django_db
def test_a_restricted_childs_referrals_are_counted_for_the_named_coordinator_alone():
    named, other = CoordinatorFactory(), CoordinatorFactory()
    child = Child.objects.create()
    SubmittedReferralFactory.create_batch(2, priority_tier=1, child=child)
    SubmittedReferralFactory(priority_tier=1)
    SubmittedReferralFactory(priority_tier=None)
    restriction_add(child_id=child.pk, staff_ids=[named.pk], reason="A colleague", by=named)
    assert StatusCount.objects.get(status="submitted", tier=1).n == 3
    rows = {user: selectors.new_referral_tier_counts(user=user) for user in (named, other)}
    assert [(r["tier"], r["count"]) for r in rows[named]] == [("1", 3), ("none", 1)]
    assert [(r["tier"], r["count"]) for r in rows[other]] == [("1", 1), ("none", 1)]

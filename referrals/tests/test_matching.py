"""Matching a referral's child to earlier records: typos, swapped names, double-barrelled
names and mistyped birth dates are suggested with their evidence; a coordinator's answer is
kept; "the same child" merges the records, and an administrator can undo it."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from referrals import match_rules, matching
from referrals.children import ChildEvent, ChildMatch, ChildMerge, Flag, Restriction
from referrals.errors import ReferralError
from referrals.models import Referral
from referrals.services import flag_raise, referral_submit
from referrals.services.children import child_match_decide, child_merge_undo
from referrals.tests.factories import CompleteDraftFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    ReferrerFactory,
)

pytestmark = pytest.mark.django_db
BORN = date(2020, 3, 7)


def _send(first="Poppy", last="Tremayne", born=BORN, nhs="", referrer=None):
    draft = CompleteDraftFactory(
        child_first_name=first,
        child_last_name=last,
        child_date_of_birth=born,
        child_nhs_number=nhs,
        **({"referrer": referrer} if referrer else {}),
    )
    return referral_submit(referral_id=draft.pk, by=draft.referrer, site_url="http://testserver/")


def _suggested(referral, user=None):
    return matching.candidate_matches(referral, user=user or CoordinatorFactory())


def test_a_date_of_birth_is_likely_mistyped_as_its_day_and_month_swapped_or_one_apart():
    variants = match_rules.birth_date_variants(date(2020, 3, 7))
    assert variants[date(2020, 7, 3)] == match_rules.Born.SWAPPED
    assert variants[date(2020, 3, 6)] == variants[date(2020, 3, 8)] == match_rules.Born.DAY_APART
    assert variants[date(2019, 3, 7)] == match_rules.Born.YEAR_APART
    assert variants[date(2020, 3, 7)] == match_rules.Born.SAME
    # No 29 February in 2019 or 2021, no 29th month, and 5 May swapped is itself.
    assert len(match_rules.birth_date_variants(date(2020, 2, 29))) == 3
    assert len(match_rules.birth_date_variants(date(2020, 5, 5))) == 5
    assert len(match_rules.birth_date_variants(date(2020, 3, 13))) == 5


def test_evidence_is_weighed_and_said_in_words():
    same_nhs = match_rules.match_evidence(
        nhs_number="9434765919",
        other_nhs_number="9434765919",
        similarity=0.2,
        sounds_alike=False,
        born=match_rules.Born.OTHER,
    )
    assert same_nhs.shown
    assert str(same_nhs).startswith("same NHS number")
    typo = match_rules.match_evidence(
        nhs_number="",
        other_nhs_number="",
        similarity=0.82,
        sounds_alike=True,
        born=match_rules.Born.SAME,
    )
    assert str(typo) == "name 0.82 similar, surname sounds the same, same date of birth"
    two_numbers = match_rules.match_evidence(
        nhs_number="9434765919",
        other_nhs_number="4010232137",
        similarity=1.0,
        sounds_alike=True,
        born=match_rules.Born.SAME,
    )
    assert not two_numbers.shown
    assert "different NHS numbers" in str(two_numbers)


@given(
    similarity=st.floats(min_value=0, max_value=1),
    sounds_alike=st.booleans(),
    born=st.sampled_from(list(match_rules.BORN_WEIGHT)),
)
def test_no_record_below_the_least_similarity_could_be_shown(similarity, sounds_alike, born):
    """The database skips names less alike than LEAST_SIMILARITY: none of them would be shown,
    and the bound is tight (a name just above it, born the same day, can be)."""
    evidence = match_rules.match_evidence(
        nhs_number="",
        other_nhs_number="",
        similarity=similarity,
        sounds_alike=sounds_alike,
        born=born,
    )
    if similarity < match_rules.LEAST_SIMILARITY:
        assert not evidence.shown
    best = match_rules.match_evidence(
        nhs_number="",
        other_nhs_number="",
        similarity=match_rules.LEAST_SIMILARITY + 0.01,
        sounds_alike=True,
        born=match_rules.Born.SAME,
    )
    assert best.shown


@pytest.mark.parametrize(
    ("first", "last", "born", "says"),
    [
        ("Poppy", "Tremaine", date(2020, 7, 3), "day and month swapped in the date of birth"),
        ("Tremayne", "Poppy", BORN, "first and last names swapped"),
        ("Poppy", "Tremayne-Pascoe", BORN, "same date of birth"),
        ("Popy", "Tremayne", date(2020, 3, 8), "date of birth a day apart"),
        ("Poppy", "Tremayne", date(2021, 3, 7), "year of birth one apart"),
    ],
)
def test_likely_mistakes_are_suggested_with_their_evidence(first, last, born, says):
    earlier = _send()
    later = _send(first=first, last=last, born=born)
    assert later.child != earlier.child
    [candidate] = _suggested(later)
    assert candidate.child_id == earlier.child_id
    assert candidate.referral == earlier
    assert says in str(candidate.evidence)


def test_the_same_nhs_number_is_suggested_whatever_the_name_and_birth_date():
    earlier = _send(nhs="9434765919")
    Referral.objects.filter(pk=earlier.pk).update(child_nhs_number="")
    later = _send(first="Kit", last="Rowe", born=date(2018, 1, 1), nhs="9434765919")
    Referral.objects.filter(pk=earlier.pk).update(child_nhs_number="9434765919")
    [candidate] = _suggested(later)
    assert str(candidate.evidence).startswith("same NHS number")


def test_a_different_child_born_the_same_day_is_not_suggested():
    _send(first="Theo", last="Hocking")
    assert _suggested(_send()) == []


def test_a_referrer_is_suggested_only_the_records_they_may_open():
    referrer = ReferrerFactory(team=None)
    _send()
    mine = _send(first="Poppy", last="Tremaine", born=date(2020, 7, 3), referrer=referrer)
    assert _suggested(mine, user=referrer) == []
    assert len(_suggested(mine)) == 1


def test_different_children_are_remembered_and_not_suggested_again():
    earlier, later = _send(), _send(last="Tremaine")
    coordinator = CoordinatorFactory()
    [candidate] = _suggested(later, coordinator)
    child_match_decide(
        child_id=later.child_id,
        other_id=earlier.child_id,
        same=False,
        evidence=str(candidate.evidence),
        by=coordinator,
    )
    assert _suggested(later) == []
    assert _suggested(earlier) == []
    decision = ChildMatch.objects.get()
    assert decision.decision == ChildMatch.Decision.REJECTED
    assert decision.decided_by == coordinator
    notes = ChildEvent.objects.filter(action=ChildEvent.Action.MATCH_REJECTED)
    assert {event.child_id for event in notes} == {earlier.child_id, later.child_id}
    with pytest.raises(ReferralError, match="already answered this"):
        child_match_decide(
            child_id=later.child_id,
            other_id=earlier.child_id,
            same=True,
            evidence="",
            by=coordinator,
        )


def test_the_same_child_merges_referrals_and_flags_and_an_administrator_can_undo_it():
    earlier, later = _send(), _send(last="Tremaine", born=date(2020, 7, 3))
    coordinator, administrator = CoordinatorFactory(), AdministratorFactory()
    flag = flag_raise(child_id=later.child_id, by=coordinator, scope="child", kind="lone_working")
    old_child = later.child_id
    merge = child_match_decide(
        child_id=later.child_id, other_id=earlier.child_id, same=True, evidence="x", by=coordinator
    )
    later.refresh_from_db()
    assert later.child_id == earlier.child_id == merge.kept_id
    assert Flag.objects.get(pk=flag.pk).child_id == earlier.child_id
    assert merge.referral_ids == [later.pk]
    assert merge.flag_ids == [flag.pk]
    kinds = set(ChildEvent.objects.values_list("child_id", "action"))
    assert (earlier.child_id, "merged") in kinds
    assert (old_child, "merged") in kinds
    assert _suggested(later) == []

    child_merge_undo(merge_id=merge.pk, by=administrator)
    later.refresh_from_db()
    assert later.child_id == old_child
    assert Flag.objects.get(pk=flag.pk).child_id == old_child
    assert ChildMatch.objects.get().decision == ChildMatch.Decision.REJECTED
    assert _suggested(later) == []
    with pytest.raises(ReferralError, match="already undid this merge"):
        child_merge_undo(merge_id=merge.pk, by=administrator)


def test_restricted_records_are_not_merged():
    earlier, later = _send(), _send(last="Tremaine")
    coordinator = CoordinatorFactory()
    restriction = Restriction.objects.create(
        child=earlier.child, reason="A colleague's family", restricted_by=coordinator
    )
    restriction.staff.add(coordinator)
    with pytest.raises(ReferralError, match="restricted"):
        child_match_decide(
            child_id=later.child_id,
            other_id=earlier.child_id,
            same=True,
            evidence="",
            by=coordinator,
        )
    assert not ChildMerge.objects.exists()
    assert not ChildMatch.objects.exists()


def test_the_coordinator_compares_and_confirms_on_the_match_page(client):
    earlier, later = _send(), _send(last="Tremaine", born=date(2020, 7, 3))
    coordinator = CoordinatorFactory(full_name="Cora Coordinator")
    client.force_login(coordinator)
    detail = client.get(reverse("referrals:detail", args=[later.pk])).content.decode()
    url = reverse("referrals:match", args=[later.pk, earlier.child_id])
    assert url in detail
    assert "day and month swapped in the date of birth" in detail
    page = client.get(url).content.decode()
    assert earlier.reference in page
    assert "Is this the same child?" in page

    refused = client.post(url, {})
    assert "Select yes if these are the same child" in refused.content.decode()
    response = client.post(url, {"same": "yes"}, follow=True)
    assert "Records merged" in response.content.decode()
    later.refresh_from_db()
    assert later.child_id == earlier.child_id
    # Answered: the same address is now what any guessed one is.
    assert client.get(url).status_code == 404
    previous = client.get(reverse("referrals:detail", args=[later.pk])).content.decode()
    assert earlier.reference in previous.split('id="previous-involvement"')[1]
    history = previous.split('id="child-history"')[1]
    assert "Records merged" in history
    assert "Confirmed as the same child" in history
    assert coordinator.full_name in history


def test_a_child_never_suggested_is_a_404_and_referrers_are_refused(client):
    earlier, later = _send(), _send(first="Theo", last="Hocking")
    client.force_login(CoordinatorFactory())
    url = reverse("referrals:match", args=[later.pk, earlier.child_id])
    assert client.get(url).status_code == 404
    client.force_login(later.referrer)
    assert client.get(url).status_code in (403, 404)


def test_an_administrator_lists_merges_and_undoes_one(client):
    earlier, later = _send(), _send(last="Tremaine")
    merge = child_match_decide(
        child_id=later.child_id,
        other_id=earlier.child_id,
        same=True,
        evidence="x",
        by=CoordinatorFactory(),
    )
    client.force_login(AdministratorFactory())
    listing = client.get(reverse("referrals:merges")).content.decode()
    assert later.reference in listing
    undo = reverse("referrals:merge_undo", args=[merge.pk])
    assert later.reference in client.get(undo).content.decode()
    response = client.post(undo, {}, follow=True)
    assert "Merge undone" in response.content.decode()
    assert client.get(undo).status_code == 404
    assert "Undone" in client.get(reverse("referrals:merges")).content.decode()


def test_the_merge_list_names_no_referral_a_restriction_keeps_from_the_administrator(client):
    earlier, later = _send(), _send(last="Tremaine")
    coordinator = CoordinatorFactory()
    child_match_decide(
        child_id=later.child_id, other_id=earlier.child_id, same=True, evidence="x", by=coordinator
    )
    restriction = Restriction.objects.create(
        child_id=earlier.child_id, reason="A colleague's family", restricted_by=coordinator
    )
    restriction.staff.add(coordinator)
    client.force_login(AdministratorFactory())
    listing = client.get(reverse("referrals:merges")).content.decode()
    assert later.reference not in listing
    assert "None you may see" in listing


def test_suggestions_and_the_match_page_cost_the_same_queries_however_many_candidates(client):
    """Each candidate's referral is read with the fields the pages show, never one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(CoordinatorFactory())

    def counted(referral, earlier):
        pages = [
            reverse("referrals:detail", args=[referral.pk]),
            reverse("referrals:match", args=[referral.pk, earlier.child_id]),
        ]
        counts = []
        for url in pages:
            client.get(url)  # the first request of a process also fills its settings cache
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    earlier = _send()
    one = counted(_send(last="Tremaine", born=date(2020, 7, 3)), earlier)
    for last in ("Tremain", "Tremayn", "Tremaynes"):
        _send(last=last, born=date(2020, 3, 8))
    many = counted(_send(last="Tremane", born=date(2020, 7, 3)), earlier)
    assert many == one

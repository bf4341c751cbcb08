"""Restricted records: a child's referrals hidden from everyone not named, whatever their role;
restricting, changing who is named and lifting, each in the child's history; the pages and
their refusals."""

import random

import pytest
from django.urls import reverse

from referrals.children import Child, ChildEvent, Restriction
from referrals.errors import ReferralError
from referrals.models import ParentCarer, Referral
from referrals.querysets import hidden_children, not_restricted_from
from referrals.services.restrictions import (
    StaleRestriction,
    latest_restriction_event,
    restriction_add,
    restriction_change,
    restriction_lift,
)
from referrals.tests.factories import (
    CompleteDraftFactory,
    ParentCarerFactory,
    SubmittedReferralFactory,
)
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
)

pytestmark = pytest.mark.django_db


def _referral(**kwargs):
    return SubmittedReferralFactory(child=Child.objects.create(), **kwargs)


def _restrict(referral, by, *others, reason="A colleague's own family"):
    staff = [by.pk, *(person.pk for person in others)]
    return restriction_add(child_id=referral.child_id, staff_ids=staff, reason=reason, by=by)


def test_a_restricted_childs_referrals_are_visible_only_to_the_named_staff():
    named, other = CoordinatorFactory(), CoordinatorFactory()
    referrer = ReferrerFactory()
    restricted = _referral(referrer=referrer)
    open_one = _referral(referrer=referrer)
    draft = CompleteDraftFactory(referrer=referrer)
    _restrict(restricted, named)
    assert set(Referral.objects.visible_to(named)) >= {restricted, open_one}
    assert restricted not in Referral.objects.visible_to(other)
    assert open_one in Referral.objects.visible_to(other)
    # The referrer is not named either: their own referral is gone from their list too.
    assert set(Referral.objects.visible_to(referrer)) == {open_one, draft}


def test_a_lifted_restriction_opens_the_records_again():
    named, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral()
    restriction = _restrict(referral, named)
    restriction_lift(restriction_id=restriction.pk, by=named)
    assert referral in Referral.objects.visible_to(other)
    actions = list(
        ChildEvent.objects.filter(child_id=referral.child_id).values_list("action", flat=True)
    )
    assert actions == ["restricted", "restriction_lifted"]


def test_restricting_names_the_staff_and_writes_the_childs_history():
    by, guider = CoordinatorFactory(full_name="Cora"), GuiderFactory(full_name="Gus")
    referral = _referral()
    restriction = _restrict(referral, by, guider, reason="  A colleague's   family ")
    assert restriction.reason == "A colleague's family"
    assert set(restriction.staff.all()) == {by, guider}
    event = ChildEvent.objects.get(child_id=referral.child_id)
    assert event.action == ChildEvent.Action.RESTRICTED
    assert event.actor == by
    assert "Cora, Gus" in event.note


def test_restricting_refuses_what_a_user_can_get_wrong():
    by, referral = CoordinatorFactory(), _referral()
    args = {"child_id": referral.child_id, "by": by, "reason": "Family"}
    with pytest.raises(ReferralError, match="Select who may see these records"):
        restriction_add(**args, staff_ids=[])
    with pytest.raises(ReferralError, match="You must stay named"):
        restriction_add(**args, staff_ids=[GuiderFactory().pk])
    with pytest.raises(ReferralError, match="Select only people from the list"):
        restriction_add(**args, staff_ids=[by.pk, 999_999])
    with pytest.raises(ReferralError, match="Select only people from the list"):
        restriction_add(**args, staff_ids=[by.pk, ReferrerFactory().pk])
    with pytest.raises(ReferralError, match="Enter why the records are restricted"):
        restriction_add(**{**args, "reason": "   "}, staff_ids=[by.pk])
    guider = GuiderFactory()
    with pytest.raises(ReferralError, match="Only coordinators and managers"):
        restriction_add(**{**args, "by": guider}, staff_ids=[guider.pk])
    assert not Restriction.objects.exists()


def test_the_same_restriction_sent_twice_is_done_once_and_another_is_refused():
    by, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral()
    first = _restrict(referral, by)
    assert _restrict(referral, by) == first
    with pytest.raises(ReferralError, match="already restricted"):
        _restrict(referral, other)
    assert ChildEvent.objects.filter(child_id=referral.child_id).count() == 1


def test_changing_who_is_named_says_who_was_added_and_removed():
    by, guider, manager = CoordinatorFactory(), GuiderFactory(), ManagerFactory()
    referral = _referral()
    restriction = _restrict(referral, by, guider)
    seen = latest_restriction_event(referral.child_id).pk
    restriction_change(
        restriction_id=restriction.pk, staff_ids=[by.pk, manager.pk], by=by, seen_event=seen
    )
    assert set(restriction.staff.all()) == {by, manager}
    event = latest_restriction_event(referral.child_id)
    assert event.action == ChildEvent.Action.RESTRICTION_CHANGED
    assert f"added {manager.full_name}" in event.note
    assert f"removed {guider.full_name}" in event.note
    # The same form again: nothing more to do, no second line.
    restriction_change(
        restriction_id=restriction.pk, staff_ids=[by.pk, manager.pk], by=by, seen_event=seen
    )
    assert ChildEvent.objects.filter(child_id=referral.child_id).count() == 2


def test_a_change_from_a_page_loaded_before_anothers_change_is_refused():
    by, other = CoordinatorFactory(full_name="Cora"), CoordinatorFactory(full_name="Carl")
    referral = _referral()
    restriction = _restrict(referral, by, other)
    seen = latest_restriction_event(referral.child_id).pk
    restriction_change(restriction_id=restriction.pk, staff_ids=[other.pk], by=other)
    restriction_change(restriction_id=restriction.pk, staff_ids=[by.pk, other.pk], by=other)
    with pytest.raises(StaleRestriction, match="Carl changed this restriction"):
        restriction_change(
            restriction_id=restriction.pk,
            staff_ids=[by.pk, other.pk, GuiderFactory().pk],
            by=by,
            seen_event=seen,
        )


def test_only_a_named_coordinator_or_manager_changes_or_lifts_and_lifting_twice_is_once():
    by, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral()
    restriction = _restrict(referral, by)
    with pytest.raises(ReferralError, match="Only the staff named"):
        restriction_change(restriction_id=restriction.pk, staff_ids=[other.pk], by=other)
    with pytest.raises(ReferralError, match="Only the staff named"):
        restriction_lift(restriction_id=restriction.pk, by=other)
    restriction_lift(restriction_id=restriction.pk, by=by)
    restriction_lift(restriction_id=restriction.pk, by=by)
    with pytest.raises(ReferralError, match="was lifted by"):
        restriction_change(restriction_id=restriction.pk, staff_ids=[by.pk], by=by)
    assert ChildEvent.objects.filter(action="restriction_lifted").count() == 1


# Pages --------------------------------------------------------------------------------------


def test_a_coordinator_restricts_from_the_referral_page_and_another_gets_a_404(client):
    by, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral(child_first_name="Zebedee")
    client.force_login(by)
    detail = client.get(reverse("referrals:detail", args=[referral.pk]))
    assert "Restrict these records" in detail.content.decode()
    url = reverse("referrals:restrict", args=[referral.pk])
    page = client.get(url)
    assert page.status_code == 200
    seen = page.context["form"]["seen_event"].value()
    response = client.post(
        url, {"staff": [str(by.pk)], "reason": "A colleague's family", "seen_event": seen}
    )
    assert response.status_code == 302
    assert Restriction.objects.get(child_id=referral.child_id).reason == "A colleague's family"
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "Only these staff can see this child's records" in detail
    client.force_login(other)
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    assert client.get(url).status_code == 404
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Zebedee" not in queue
    assert referral.reference not in queue


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Family"}, "Select who may see these records"),
        ({"staff": ["999999"], "reason": "Family"}, "Select only people from the list"),
        ({"staff": ["me"], "reason": "<b>Family</b>"}, "HTML is not allowed"),
        ({"staff": ["me"], "reason": ""}, "Enter why the records are restricted"),
        ({"staff": ["me"], "reason": "x" * 201}, "200 characters or fewer"),
        ({"staff": ["other"], "reason": "Family"}, "You must stay named"),
    ],
)
def test_the_restrict_page_says_what_to_correct(client, data, message):
    by, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral()
    names = {"me": str(by.pk), "other": str(other.pk)}
    data = {**data, "staff": [names.get(v, v) for v in data.get("staff", [])]}
    client.force_login(by)
    response = client.post(reverse("referrals:restrict", args=[referral.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Restriction.objects.exists()


def test_restricting_an_already_restricted_child_and_a_stale_form_are_told_not_failed(client):
    by, other = CoordinatorFactory(), CoordinatorFactory()
    referral = _referral()
    url = reverse("referrals:restrict", args=[referral.pk])
    client.force_login(by)
    stale = client.get(url).context["form"]["seen_event"].value()
    restriction = _restrict(referral, by, other)
    restriction_change(restriction_id=restriction.pk, staff_ids=[by.pk], by=by)
    # A form for changing the restriction, loaded before that change.
    response = client.post(url, {"staff": [str(by.pk), str(other.pk)], "seen_event": stale})
    assert response.status_code == 200
    assert "changed this restriction" in response.content.decode()
    response = client.post(url, {"staff": [str(by.pk), str(other.pk)], "seen_event": "junk"})
    assert "changed this restriction" in response.content.decode()


def test_lifting_from_the_referral_page(client):
    by = CoordinatorFactory()
    referral = _referral()
    _restrict(referral, by)
    client.force_login(by)
    page = client.get(reverse("referrals:restrict", args=[referral.pk])).content.decode()
    assert "Lift the restriction" in page
    assert "Records restricted" in page
    lift = reverse("referrals:restriction_lift", args=[referral.pk])
    assert client.post(lift).status_code == 302
    assert client.post(lift, follow=True).status_code == 200  # twice: told, never a 500
    assert not Restriction.objects.filter(lifted_at__isnull=True).exists()
    assert client.get(lift).status_code == 405


def test_the_restricted_records_list_shows_what_names_the_user(client):
    by, other = CoordinatorFactory(), CoordinatorFactory()
    mine = _referral(child_first_name="Yolanda")
    _restrict(mine, by)
    client.force_login(by)
    page = client.get(reverse("referrals:restrictions")).content.decode()
    assert "Yolanda" in page
    assert "A colleague&#x27;s own family" in page
    client.force_login(other)
    page = client.get(reverse("referrals:restrictions")).content.decode()
    assert "Yolanda" not in page
    assert "No restriction names you" in page
    client.force_login(GuiderFactory())
    assert client.get(reverse("referrals:restrictions")).status_code == 403


def test_managers_cannot_restrict_from_a_referral_they_cannot_see(client):
    referral = _referral()
    client.force_login(ManagerFactory())
    assert client.get(reverse("referrals:restrict", args=[referral.pk])).status_code == 404
    client.force_login(GuiderFactory())
    assert client.get(reverse("referrals:restrict", args=[referral.pk])).status_code == 403


@pytest.mark.parametrize("seed", range(6))
def test_the_restriction_check_in_every_list_hides_exactly_what_hidden_children_names(seed):
    """not_restricted_from writes the rule as SQL for speed; it must agree with the ORM's
    hidden_children for any mix of restrictions, named staff, lifted ones and drafts."""
    rng = random.Random(seed)
    people = [CoordinatorFactory(), CoordinatorFactory(), ManagerFactory(), ReferrerFactory()]
    referrals = [_referral() for _ in range(6)]
    referrals.append(CompleteDraftFactory())  # a draft with no child yet
    for referral in referrals[:5]:
        if rng.random() < 0.7:
            named = [p for p in people[1:3] if rng.random() < 0.5]
            restriction = _restrict(referral, people[0], *named)
            if rng.random() < 0.3:
                restriction_lift(restriction_id=restriction.pk, by=people[0])
    for parent_of in referrals[:6]:
        ParentCarerFactory(referral=parent_of)
    for person in people:
        fast = set(Referral.objects.filter(not_restricted_from(person)))
        orm = set(Referral.objects.exclude(child__in=hidden_children(person).values("child")))
        assert fast == orm
        # Through a path with a join, as lists of other records name their child.
        fast_parents = set(
            ParentCarer.objects.filter(not_restricted_from(person, "referral__child"))
        )
        orm_parents = set(
            ParentCarer.objects.exclude(
                referral__child__in=hidden_children(person).values("child")
            )
        )
        assert fast_parents == orm_parents
    assert Referral.objects.filter(not_restricted_from(people[3])).count() < len(referrals)

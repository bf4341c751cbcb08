"""The same people across referrals: parents and carers keep one record across the child's
referrals, a household child is the same child when referred themselves (either way round),
and the coordinator sees the family in other children's referrals."""

from datetime import date

import pytest
from django.urls import reverse

from referrals.household import HouseholdChild, ParentCarer
from referrals.services import referral_submit
from referrals.tests.factories import (
    CompleteDraftFactory,
    HouseholdChildFactory,
    ParentCarerFactory,
)
from vig_service.accounts.tests.factories import CoordinatorFactory, ReferrerFactory

pytestmark = pytest.mark.django_db
BORN = date(2020, 3, 7)
SISTER_BORN = date(2017, 9, 2)


def _send(
    first="Poppy",
    last="Tremayne",
    born=BORN,
    parent="Kerensa Tremayne",
    sister=None,
    sister_born=SISTER_BORN,
    referrer=None,
):
    draft = CompleteDraftFactory(
        child_first_name=first,
        child_last_name=last,
        child_date_of_birth=born,
        child_nhs_number="",
        parent=None,
        **({"referrer": referrer} if referrer else {}),
    )
    ParentCarerFactory(referral=draft, name=parent)
    if sister:
        draft.has_other_children = True
        draft.save(update_fields=["has_other_children"])
        HouseholdChildFactory(referral=draft, first_name=sister, date_of_birth=sister_born)
    return referral_submit(referral_id=draft.pk, by=draft.referrer, site_url="http://testserver/")


def test_a_parent_keeps_one_record_across_the_childs_referrals():
    first = _send(parent="Kerensa Tremayne")
    again = _send(parent="  kerensa   TREMAYNE ")
    other_parent = _send(parent="Jory Tremayne")
    assert first.child_id == again.child_id == other_parent.child_id
    carers = dict(ParentCarer.objects.values_list("referral_id", "carer_id"))
    assert carers[first.pk] == carers[again.pk]
    assert carers[other_parent.pk] != carers[first.pk]


def test_a_household_child_is_the_same_child_when_referred_either_way_round():
    poppy = _send(sister="Lowenna")
    lowenna = _send(first="lowenna", born=SISTER_BORN)
    assert HouseholdChild.objects.get(referral=poppy).child_id == lowenna.child_id
    # Known first as a child referred, then named in a later referral's household.
    jago = _send(first="Jago", born=date(2016, 1, 1))
    tamsin = _send(
        first="Tamsin", born=date(2021, 2, 2), sister="Jago", sister_born=jago.child_date_of_birth
    )
    assert HouseholdChild.objects.get(referral=tamsin).child_id == jago.child_id
    # The same first name and birthday in another family's household is another child.
    kit = _send(first="Kit", last="Hocking", sister="Jago", sister_born=date(2016, 1, 1))
    assert HouseholdChild.objects.get(referral=kit).child_id != jago.child_id


def test_the_coordinator_sees_the_family_in_other_childrens_referrals(client):
    poppy = _send(sister="Lowenna")
    lowenna = _send(first="Lowenna", born=SISTER_BORN)
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("referrals:detail", args=[poppy.pk])).content.decode()
    family = page.split('id="family-elsewhere"')[1].split("</ul>")[0]
    assert "Lowenna (in the household): " in family
    assert lowenna.reference in family
    page = client.get(reverse("referrals:detail", args=[lowenna.pk])).content.decode()
    family = page.split('id="family-elsewhere"')[1].split("</ul>")[0]
    assert "Kerensa Tremayne (Birth parent)" in family
    assert poppy.reference in family


def test_referrers_never_see_the_family_elsewhere(client):
    referrer = ReferrerFactory(team=None)
    poppy = _send(sister="Lowenna", referrer=referrer)
    _send(first="Lowenna", born=SISTER_BORN)
    client.force_login(referrer)
    page = client.get(reverse("referrals:detail", args=[poppy.pk])).content.decode()
    assert "The family in other referrals" not in page

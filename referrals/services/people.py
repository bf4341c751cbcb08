"""The same people across referrals: a submitted referral's parents and carers, and the other
children in its household, linked to those already known (docs/architecture.md, "One child
across referrals")."""

from django.db.models import Q

from referrals.children import Carer, Child
from referrals.household import HouseholdChild, ParentCarer
from referrals.match_rules import same_name
from referrals.models import Referral


def child_from_household(referral: Referral) -> Child | None:
    """The child this referral is for, when they were known as another referral's household
    child: the same first name and date of birth in a household of the same surname."""
    if not (referral.child_first_name and referral.child_date_of_birth):
        return None
    known = HouseholdChild.objects.filter(
        first_name__iexact=referral.child_first_name.strip(),
        date_of_birth=referral.child_date_of_birth,
        referral__child_last_name__iexact=referral.child_last_name.strip(),
        child__isnull=False,
    ).exclude(referral=referral)
    found = known.select_related("child").order_by("pk").first()
    return found.child if found else None


def link_people(referral: Referral) -> None:
    """Give each household child and parent of a just-submitted referral their record: the
    one they already have in the family's referrals (this child's, those naming this child in
    their household, those of this household's children), else a new one."""
    earlier = Referral.objects.filter(child_id=referral.child_id).exclude(pk=referral.pk)
    siblings = list(
        HouseholdChild.objects.filter(referral__in=earlier, child__isnull=False).values_list(
            "first_name", "date_of_birth", "child_id"
        )
    )
    household = list(referral.household_children.all())
    for sibling in household:
        sibling.child_id = _sibling_child(referral, sibling, siblings)
        sibling.save(update_fields=["child"])
    family = Referral.objects.filter(
        Q(child_id=referral.child_id)
        | Q(household_children__child_id=referral.child_id)
        | Q(child_id__in=[sibling.child_id for sibling in household])
    ).exclude(pk=referral.pk)
    carers = [
        (parent.name, parent.carer_id)
        for parent in ParentCarer.objects.filter(referral__in=family, carer__isnull=False)
    ]
    for parent in referral.parents.all():
        known = next((carer for name, carer in carers if same_name(name, parent.name)), None)
        parent.carer_id = known or Carer.objects.create().pk
        parent.save(update_fields=["carer"])


def _sibling_child(referral: Referral, sibling, siblings) -> int:
    """The household child's record: referred themselves (the same first name and birth date,
    the focus child's surname), in an earlier household of this child, or a new one."""
    referred = (
        Referral.objects.filter(
            child_first_name__iexact=sibling.first_name.strip(),
            child_last_name__iexact=referral.child_last_name.strip(),
            child_date_of_birth=sibling.date_of_birth,
            child__isnull=False,
        )
        .order_by("submitted_at", "pk")
        .values_list("child_id", flat=True)
        .first()
    )
    if referred:
        return referred
    for first_name, born, child_id in siblings:
        if born == sibling.date_of_birth and same_name(first_name, sibling.first_name):
            return child_id
    return Child.objects.create().pk

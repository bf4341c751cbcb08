"""Drafts and their answers: the question pages, parents and carers, the household."""

from django.db import transaction

from referrals.errors import ReferralError
from referrals.models import HouseholdChild, ParentCarer, Referral, ReferralEvent
from referrals.services._common import Action, _lock


class NotEditable(ReferralError):
    """The referral is no longer a draft, so its answers cannot change."""

    def __init__(self, referral: Referral):
        super().__init__(
            f"Referral {referral.reference} has been submitted and can no longer be changed. "
            "If something needs correcting, contact the VIG team."
        )


def _editable_draft(referral_id: int, by) -> Referral:
    referral = _lock(referral_id)
    if referral.referrer_id != by.pk:
        raise Referral.DoesNotExist
    if not referral.is_draft:
        raise NotEditable(referral)
    return referral


@transaction.atomic
def referral_start(*, referrer) -> Referral:
    """Open a new draft referral for a referrer."""
    referral = Referral.objects.create(referrer=referrer, team_id=referrer.team_id)
    ReferralEvent.objects.create(referral=referral, actor=referrer, action=Action.CREATED)
    return referral


@transaction.atomic
def referral_save_answers(*, referral_id: int, by, answers: dict) -> Referral:
    """Save a question page's answers into the referrer's own draft."""
    referral = _editable_draft(referral_id, by)
    for field, value in answers.items():
        setattr(referral, field, value)
    referral.full_clean(exclude=["referrer", "team"], validate_constraints=False)
    referral.save(update_fields=[*answers, "updated_at"])
    return referral


@transaction.atomic
def parent_carer_save(*, referral_id: int, by, data: dict, parent_id: int | None = None):
    """Add a parent or carer to a draft, or change one already added."""
    referral = _editable_draft(referral_id, by)
    parent = referral.parents.get(pk=parent_id) if parent_id else ParentCarer(referral=referral)
    for field, value in data.items():
        setattr(parent, field, value)
    parent.full_clean()
    parent.save()
    referral.save(update_fields=["updated_at"])
    return parent


@transaction.atomic
def parent_carer_remove(*, referral_id: int, by, parent_id: int) -> None:
    """Remove a parent or carer from a draft."""
    referral = _editable_draft(referral_id, by)
    referral.parents.get(pk=parent_id).delete()


@transaction.atomic
def household_child_save(*, referral_id: int, by, data: dict, child_id: int | None = None):
    """Add another child in the household to a draft, or change one."""
    referral = _editable_draft(referral_id, by)
    child = (
        referral.household_children.get(pk=child_id)
        if child_id
        else HouseholdChild(referral=referral)
    )
    for field, value in data.items():
        setattr(child, field, value)
    child.full_clean()
    child.save()
    referral.save(update_fields=["updated_at"])
    return child


@transaction.atomic
def household_child_remove(*, referral_id: int, by, child_id: int) -> None:
    """Remove another child from a draft."""
    referral = _editable_draft(referral_id, by)
    referral.household_children.get(pk=child_id).delete()

"""Deciding matches between children, merging their records and undoing a merge; each with
its events on both children (docs/architecture.md, "One child across referrals")."""

from django.db import transaction
from django.utils import timezone

from referrals.children import Child, ChildEvent, ChildMatch, ChildMerge, Flag, Restriction
from referrals.errors import ReferralError, at_time
from referrals.models import Referral


def _pair(one: int, other: int) -> tuple[int, int]:
    return (one, other) if one < other else (other, one)


def _lock_children(*ids: int) -> dict[int, Child]:
    """Both children locked, lowest id first, so two coordinators cannot deadlock."""
    return {c.pk: c for c in Child.objects.select_for_update().filter(pk__in=ids).order_by("pk")}


def _events(children, *, by, action, note: str) -> None:
    ChildEvent.objects.bulk_create(
        ChildEvent(child=child, actor=by, action=action, note=note) for child in children
    )


def _references(child_id: int) -> str:
    rows = Referral.objects.filter(child_id=child_id).order_by("submitted_at", "pk")
    return ", ".join(rows.values_list("reference", flat=True)) or "no referrals"


@transaction.atomic
def child_match_decide(*, child_id: int, other_id: int, same: bool, evidence: str, by):
    """Record a coordinator's answer for a suggested pair; "the same child" merges them.

    Returns the merge, or the decision when they are different children.
    """
    children = _lock_children(child_id, other_id)
    if child_id == other_id or len(children) != 2:
        raise ReferralError("This child's records have changed. Go back to the referral.")
    if any(child.merged_into_id for child in children.values()):
        raise ReferralError("These records have already been merged. Go back to the referral.")
    child_a, child_b = _pair(child_id, other_id)
    earlier = ChildMatch.objects.filter(child_a_id=child_a, child_b_id=child_b).first()
    if earlier is not None:
        raise ReferralError(
            f"{earlier.decided_by} already answered this at {at_time(earlier.decided_at)}: "
            f"{earlier.get_decision_display().lower()}."
        )
    decision = ChildMatch.objects.create(
        child_a_id=child_a,
        child_b_id=child_b,
        decision=ChildMatch.Decision.CONFIRMED if same else ChildMatch.Decision.REJECTED,
        evidence=evidence[:300],
        decided_by=by,
    )
    if not same:
        note = f"Not the same child as the one in {_references(other_id)}: {evidence}"
        _events([children[child_id]], by=by, action=ChildEvent.Action.MATCH_REJECTED, note=note)
        note = f"Not the same child as the one in {_references(child_id)}: {evidence}"
        _events([children[other_id]], by=by, action=ChildEvent.Action.MATCH_REJECTED, note=note)
        return decision
    return _merge(kept=children[child_a], merged=children[child_b], by=by, evidence=evidence)


def _merge(*, kept: Child, merged: Child, by, evidence: str) -> ChildMerge:
    """Move the later child's referrals and flags onto the earlier child, noting what moved."""
    if Restriction.objects.filter(child__in=[kept, merged], lifted_at__isnull=True).exists():
        raise ReferralError(
            "One of these children's records is restricted. Lift the restriction before "
            "you merge them."
        )
    referrals = list(Referral.objects.filter(child=merged).values_list("pk", flat=True))
    flags = list(Flag.objects.filter(child=merged).values_list("pk", flat=True))
    note = f"{_references(merged.pk)} joined {_references(kept.pk)} ({evidence})"
    Referral.objects.filter(pk__in=referrals).update(child=kept)
    Flag.objects.filter(pk__in=flags).update(child=kept)
    merged.merged_into = kept
    merged.save(update_fields=["merged_into"])
    merge = ChildMerge.objects.create(
        kept=kept, merged=merged, referral_ids=referrals, flag_ids=flags, merged_by=by
    )
    _events([kept, merged], by=by, action=ChildEvent.Action.MATCH_CONFIRMED, note=evidence)
    _events([kept, merged], by=by, action=ChildEvent.Action.MERGED, note=note)
    return merge


@transaction.atomic
def child_merge_undo(*, merge_id: int, by) -> ChildMerge:
    """Put back what a merge moved (an administrator's correction); the pair is then
    remembered as different children, so it is not suggested again."""
    merge = ChildMerge.objects.select_for_update().get(pk=merge_id)
    if merge.undone_at is not None:
        when = at_time(merge.undone_at)
        raise ReferralError(f"{merge.undone_by} already undid this merge at {when}.")
    children = _lock_children(merge.kept_id, merge.merged_id)
    kept, merged = children[merge.kept_id], children[merge.merged_id]
    Referral.objects.filter(pk__in=merge.referral_ids, child=kept).update(child=merged)
    Flag.objects.filter(pk__in=merge.flag_ids, child=kept).update(child=merged)
    merged.merged_into = None
    merged.save(update_fields=["merged_into"])
    merge.undone_by, merge.undone_at = by, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    child_a, child_b = _pair(kept.pk, merged.pk)
    ChildMatch.objects.filter(child_a_id=child_a, child_b_id=child_b).update(
        decision=ChildMatch.Decision.REJECTED, decided_by=by, decided_at=merge.undone_at
    )
    note = f"{_references(merged.pk)} separated again from {_references(kept.pk)}"
    _events([kept, merged], by=by, action=ChildEvent.Action.MERGE_UNDONE, note=note)
    return merge

"""Restricting a child's records to named staff, changing who is named, lifting it; each with
its line in the child's history (docs/architecture.md, "Restricted records")."""

from django.db import transaction
from django.utils import timezone

from referrals.children import Child, ChildEvent, Restriction
from referrals.errors import ReferralError, at_time
from referrals.querysets import in_force
from vig_service.accounts.models import User
from vig_service.accounts.roles import STAFF_ROLES, Role
from vig_service.core.transitions import lock

RESTRICTERS = (Role.COORDINATOR, Role.MANAGER)


class StaleRestriction(ReferralError):
    """The restriction changed after the page was loaded."""


def _check_restricter(by) -> None:
    if not by.has_role(*RESTRICTERS):
        raise ReferralError("Only coordinators and managers restrict a child's records")


def _staff(staff_ids, *, by) -> list[User]:
    """The named staff, checked: at least one, each an active member of staff, `by` among them."""
    ids = {int(pk) for pk in staff_ids}
    if not ids:
        raise ReferralError("Select who may see these records", field="staff")
    if by.pk not in ids:
        raise ReferralError(
            "You must stay named: the person restricting the records can always see them",
            field="staff",
        )
    people = list(
        User.objects.filter(pk__in=ids, is_active=True, groups__name__in=list(STAFF_ROLES))
        .distinct()
        .order_by("full_name", "pk")
    )
    if len(people) != len(ids):
        raise ReferralError("Select only people from the list", field="staff")
    return people


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ReferralError("Enter why the records are restricted", field="reason")
    if len(reason) > Restriction._meta.get_field("reason").max_length:
        raise ReferralError("The reason must be 200 characters or fewer", field="reason")
    return reason


def _names(people) -> str:
    return ", ".join(person.full_name or person.email for person in people)


RESTRICTION_ACTIONS = (
    ChildEvent.Action.RESTRICTED,
    ChildEvent.Action.RESTRICTION_CHANGED,
    ChildEvent.Action.RESTRICTION_LIFTED,
)


def latest_restriction_event(child_id: int) -> ChildEvent | None:
    """The child's latest restriction line: a form keeps its id to be refused when stale."""
    return (
        ChildEvent.objects.filter(child_id=child_id, action__in=RESTRICTION_ACTIONS)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
        .first()
    )


def _refuse_if_stale(child_id: int, seen_event: int | None) -> None:
    """Refuse a form loaded before the child's latest history line (someone else's change)."""
    latest = latest_restriction_event(child_id)
    if seen_event is None or latest is None or latest.pk == seen_event:
        return  # nothing since the page was loaded (or no restriction line yet to miss)
    who = latest.actor or "someone else"
    raise StaleRestriction(
        f"{who} changed this restriction at {at_time(latest.occurred_at)}, after you opened "
        "this page. Check who is named now and try again."
    )


def _record(child_id: int, *, by, action: str, note: str) -> None:
    """The line in the child's history, in the service's transaction."""
    ChildEvent.objects.create(child_id=child_id, actor=by, action=action, note=note)


@transaction.atomic
def restriction_add(
    *, child_id: int, staff_ids, reason: str, by, seen_event: int | None = None
) -> Restriction:
    """Restrict a child's records to the named staff (`by` always among them)."""
    _check_restricter(by)
    lock(Child.objects, pk=child_id)  # one restriction at a time for the child
    reason = _reason(reason)
    people = _staff(staff_ids, by=by)
    current = in_force().filter(child_id=child_id).first()
    if current is not None:
        named = set(current.staff.values_list("pk", flat=True))
        same = (current.restricted_by_id, current.reason, named)
        if same == (by.pk, reason, {p.pk for p in people}):
            return current  # the same form sent twice: already done
        raise ReferralError(
            f"These records are already restricted, since {at_time(current.restricted_at)}: "
            "change who is named on the restriction instead"
        )
    _refuse_if_stale(child_id, seen_event)
    restriction = Restriction.objects.create(child_id=child_id, reason=reason, restricted_by=by)
    restriction.staff.set(people)
    _record(
        child_id,
        by=by,
        action=ChildEvent.Action.RESTRICTED,
        note=f"Restricted to {_names(people)}. Reason: {reason}",
    )
    return restriction


def _refuse_lifted(restriction: Restriction) -> None:
    if restriction.lifted_at is not None:
        raise ReferralError(
            f"This restriction was lifted by {restriction.lifted_by} at "
            f"{at_time(restriction.lifted_at)}: the records are open again"
        )


def _locked(restriction_id: int) -> Restriction:
    # Only the restriction's own row is locked (who lifted it is an outer join).
    restrictions = Restriction.objects.select_for_update(of=("self",)).select_related("lifted_by")
    return lock(restrictions, pk=restriction_id)


@transaction.atomic
def restriction_change(
    *, restriction_id: int, staff_ids, by, seen_event: int | None = None
) -> Restriction:
    """Change who is named (`by`, a named coordinator or manager, stays named)."""
    _check_restricter(by)
    restriction = _locked(restriction_id)
    _refuse_lifted(restriction)
    before = list(restriction.staff.order_by("full_name", "pk"))
    if by not in before:
        raise ReferralError("Only the staff named on a restriction change it")
    people = _staff(staff_ids, by=by)
    if {p.pk for p in people} == {p.pk for p in before}:
        return restriction  # nothing to change (or the same form sent twice)
    _refuse_if_stale(restriction.child_id, seen_event)
    restriction.staff.set(people)
    added = [p for p in people if p not in before]
    removed = [p for p in before if p not in people]
    changes = [f"added {_names(added)}"] if added else []
    changes += [f"removed {_names(removed)}"] if removed else []
    _record(
        restriction.child_id,
        by=by,
        action=ChildEvent.Action.RESTRICTION_CHANGED,
        note=f"Restricted to {_names(people)} ({'; '.join(changes)})",
    )
    return restriction


@transaction.atomic
def restriction_lift(*, restriction_id: int, by) -> Restriction:
    """Lift a restriction: the child's records are open again to those whose work covers them."""
    _check_restricter(by)
    restriction = _locked(restriction_id)
    if restriction.lifted_at is not None and restriction.lifted_by_id == by.pk:
        return restriction  # the same button pressed twice
    _refuse_lifted(restriction)
    if not restriction.staff.filter(pk=by.pk).exists():
        raise ReferralError("Only the staff named on a restriction lift it")
    restriction.lifted_by = by
    restriction.lifted_at = timezone.now()
    restriction.save(update_fields=["lifted_by", "lifted_at"])
    _record(
        restriction.child_id,
        by=by,
        action=ChildEvent.Action.RESTRICTION_LIFTED,
        note=f"Restriction lifted (it was: {restriction.reason})",
    )
    return restriction

"""Reads for the restriction pages: who may be named, a child's restriction and history, and
the restrictions a person is named on (docs/architecture.md, "Restricted records")."""

from django.db.models import Prefetch, QuerySet

from referrals.children import ChildEvent, Restriction
from referrals.models import Referral
from referrals.querysets import in_force
from vig_service.accounts.models import User
from vig_service.accounts.roles import STAFF_ROLES


def staff_choices() -> list[User]:
    """Who can be named on a restriction: active staff (any role but referrer), by name."""
    staff = (
        User.objects.filter(is_active=True, groups__name__in=list(STAFF_ROLES))
        .distinct()
        .prefetch_related("groups")
    )
    return list(staff.order_by("full_name", "pk"))


def _named():
    return Prefetch("staff", queryset=User.objects.order_by("full_name", "pk"))


def active_restriction(*, child_id: int) -> Restriction | None:
    """The child's restriction in force, with who is named and who made it; None if none."""
    restrictions = in_force().filter(child_id=child_id)
    return restrictions.select_related("restricted_by").prefetch_related(_named()).first()


def child_history(*, child_id: int) -> list[ChildEvent]:
    """The child's own history, newest first, with who did each."""
    events = ChildEvent.objects.filter(child_id=child_id).select_related("actor")
    return list(events.order_by("-occurred_at", "-pk"))


def restrictions_naming(*, user) -> QuerySet[Restriction]:
    """The restrictions in force that name the user, newest first, each with its child's
    referrals (and their cases) to link to, in three queries."""
    referrals = Referral.objects.select_related("case").order_by("submitted_at", "pk")
    return (
        in_force()
        .filter(staff=user)
        .select_related("restricted_by")
        .prefetch_related(_named(), Prefetch("child__referrals", queryset=referrals))
        .order_by("-restricted_at", "-pk")
    )

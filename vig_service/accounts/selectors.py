"""Reads for the accounts pages."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Lower

from vig_service.accounts.models import Team, User, UserEvent


def users_for_administration() -> QuerySet[User]:
    """Users for the administrator's list, with teams and roles (UserFilterSet narrows them)."""
    users = User.objects.select_related("team").prefetch_related("groups")
    return users.order_by("full_name", "email")


def user_events(*, user: User) -> QuerySet[UserEvent]:
    """An account's history, newest first, with who did each thing."""
    return user.events.select_related("actor").order_by("-occurred_at", "-pk")


def pending_team_requests() -> QuerySet[User]:
    """Confirmed referrers waiting for an administrator to approve the team they asked for.

    Each carries `existing_team`, the name of the team the request matches (any case), or
    None when approving would create a new team.
    """
    existing = Team.objects.filter(name__iexact=OuterRef("requested_team_name")).values("name")
    return (
        User.objects.filter(is_active=True)
        .exclude(requested_team_name="")
        .annotate(existing_team=Subquery(existing[:1]))
        .order_by(Lower("requested_team_name"), "full_name", "pk")
    )

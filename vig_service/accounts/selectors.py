"""Reads for the accounts pages."""

from django.db.models import Q, QuerySet

from vig_service.accounts.models import User, UserEvent
from vig_service.accounts.roles import Role


def users_for_administration(*, search: str = "", role: str = "") -> QuerySet[User]:
    """Users for the administrator's list, with their teams and roles in two queries."""
    users = User.objects.select_related("team").prefetch_related("groups")
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role in Role.values:
        users = users.filter(groups__name=role)
    return users.order_by("full_name", "email")


def user_events(*, user: User) -> QuerySet[UserEvent]:
    """An account's history, newest first, with who did each thing."""
    return user.events.select_related("actor").order_by("-occurred_at", "-pk")

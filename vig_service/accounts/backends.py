"""Signing in with a password, and finding the signed-in user on every request."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from vig_service.accounts.models import User, roles_named
from vig_service.core.compiled import CompiledQuery

# The backend every sign-in records in the session (password, first password, SSO).
SIGN_IN_BACKEND = "vig_service.accounts.backends.RolesModelBackend"
# What other apps read with the user on every request: {attribute: expression factory},
# registered in their AppConfig.ready() (the settings version, docs/architecture.md).
READ_WITH_USER = {}


def _signed_in(*, user_id):
    names = Group.objects.filter(user=OuterRef("pk")).values("name")
    extra = {name: expression() for name, expression in READ_WITH_USER.items()}
    queryset = User._default_manager.annotate(role_names=ArraySubquery(names), **extra)
    return queryset.filter(pk=user_id)


# The same for every user, so compiled once per process: building it was half the cost of
# a bare response.
SIGNED_IN = CompiledQuery(User, _signed_in, scalars=["user_id"])


class RolesModelBackend(ModelBackend):
    """Django's model backend, reading the user's roles in the same query as the user.

    Every page asks the user's roles (navigation, permissions), so reading them with the
    user saves a query on every request (docs/architecture.md, "Access").
    """

    def get_user(self, user_id):
        try:
            user = SIGNED_IN.first(user_id=int(user_id))
        except (TypeError, ValueError):
            return None
        if user is None:
            return None
        # What User.roles would read from the groups, already here.
        user.__dict__["roles"] = roles_named(user.role_names)
        return user if self.user_can_authenticate(user) else None

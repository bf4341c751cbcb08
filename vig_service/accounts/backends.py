"""Signing in with a password, and finding the signed-in user on every request."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import router
from django.db.models import OuterRef

from vig_service.accounts.models import User, roles_named

# The backend every sign-in records in the session (password, first password, SSO).
SIGN_IN_BACKEND = "vig_service.accounts.backends.RolesModelBackend"
# What other apps read with the user on every request: {attribute: expression factory},
# registered in their AppConfig.ready() (the settings version, docs/architecture.md).
READ_WITH_USER = {}
# Stands for the user's id while the query is compiled; no account has a negative id.
_ANY_ID = -4_815_162_342
# {database alias: (sql, params, where the id goes)}: the query is the same for every user.
_compiled: dict[str, tuple[str, tuple, int]] = {}


def _compile(alias: str) -> tuple[str, tuple, int]:
    """The signed-in user's query, with their roles and READ_WITH_USER, compiled for `alias`."""
    names = Group.objects.filter(user=OuterRef("pk")).values("name")
    extra = {name: expression() for name, expression in READ_WITH_USER.items()}
    queryset = User._default_manager.annotate(role_names=ArraySubquery(names), **extra)
    sql, params = queryset.filter(pk=_ANY_ID).query.get_compiler(using=alias).as_sql()
    return sql, tuple(params), params.index(_ANY_ID)


def read_signed_in(user_id) -> User | None:
    """The user with `role_names` and READ_WITH_USER's attributes, or None."""
    alias = router.db_for_read(User)
    if alias not in _compiled:
        _compiled[alias] = _compile(alias)
    sql, params, at = _compiled[alias]
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        return None
    values = list(params)
    values[at] = user_id
    return next(iter(User._default_manager.db_manager(alias).raw(sql, values)), None)


class RolesModelBackend(ModelBackend):
    """Django's model backend, reading the user's roles in the same query as the user.

    Every page asks the user's roles (navigation, permissions), so reading them with the
    user saves a query on every request (docs/architecture.md, "Access"). The query is
    compiled once per process: building it was half the cost of a bare response.
    """

    def get_user(self, user_id):
        user = read_signed_in(user_id)
        if user is None:
            return None
        # What User.roles would read from the groups, already here.
        user.__dict__["roles"] = roles_named(user.role_names)
        return user if self.user_can_authenticate(user) else None

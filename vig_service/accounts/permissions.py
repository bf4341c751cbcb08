"""Role checks for views: a role not allowed gets 403 (records out of scope are 404 elsewhere)."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from vig_service.accounts.roles import Role


def role_required(*roles: Role):
    """Allow the view only to users holding at least one of the roles."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator

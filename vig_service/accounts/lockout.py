"""How django-axes identifies the account in a failed sign-in."""

from vig_service.accounts.models import UserManager


def lockout_username(request, credentials) -> str | None:
    """The e-mail as typed, normalised, so changing its case cannot dodge the lockout."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return UserManager.normalize_email(username) if username else None

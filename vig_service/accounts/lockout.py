"""How django-axes identifies the account in a failed sign-in, and the account-wide cap."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.utils import timezone

from vig_service.accounts.models import UserManager


def lockout_username(request, credentials) -> str | None:
    """The e-mail as typed, normalised, so changing its case cannot dodge the lockout."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return UserManager.normalize_email(username) if username else None


def account_failures_in_window(username: str | None) -> int:
    """Failed sign-ins for this account in the last window, from any address."""
    if not username:
        return 0
    since = timezone.now() - settings.LOGIN_ACCOUNT_FAILURE_WINDOW
    return AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()


class AccountCapHandler(AxesDatabaseHandler):
    """Axes' per account-and-address lockout, plus a cap per account from every address.

    Spreading guesses over many addresses dodges a per-address lockout; the cap stops that.
    """

    def is_locked(self, request, credentials=None) -> bool:
        """Locked for this address, or the account has reached its cap."""
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        capped = account_failures_in_window(username) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT
        if capped and request is not None:
            request.account_locked = True  # the locked-out page says how long
        return capped

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        """Record the failure; the one that reaches the cap gets the locked-out page too."""
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        username = get_client_username(request, credentials)
        if account_failures_in_window(username) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            request.axes_locked_out = request.account_locked = True
            request.axes_credentials = credentials

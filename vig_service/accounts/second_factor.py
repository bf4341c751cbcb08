"""Who needs a second factor, and the session keys the code step keeps."""

from django.conf import settings
from django_otp import user_has_device

# The secret being set up, kept in the session until a code from it is confirmed.
SETUP_KEY_SESSION_KEY = "second_factor_setup_key"
# The backup codes made at set-up, shown once and then dropped.
BACKUP_CODES_SESSION_KEY = "second_factor_backup_codes"
# Wrong codes since the password step; too many signs the person out.
FAILURES_SESSION_KEY = "second_factor_failures"

# The only pages open between the password step and the code step (besides static files).
OPEN_WHILE_PENDING = frozenset(
    {
        "accounts:second_factor",
        "accounts:second_factor_set_up",
        "accounts:second_factor_qr_code",
        "accounts:logout",
    }
)


def second_factor_required(user) -> bool:
    """Staff (any role but referrer) need a second factor when MFA_REQUIRED is on."""
    return bool(settings.MFA_REQUIRED and user.is_authenticated and user.is_service_staff)


def second_factor_pending(user) -> bool:
    """Signed in with a password but not yet with a code, where a code is required."""
    return second_factor_required(user) and not user.is_verified()


def has_authenticator(user) -> bool:
    """Whether the user has a confirmed authenticator app (TOTP device)."""
    return user_has_device(user, confirmed=True)

"""Template context about sign-in: second-factor state for the header and the demo banner."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from vig_service.accounts.second_factor import second_factor_pending


def second_factor(request):
    """Whether second factor is off (demo banner) and whether this user is between steps."""
    user = getattr(request, "user", None)
    return {
        "mfa_required": settings.MFA_REQUIRED,
        "second_factor_pending": SimpleLazyObject(
            lambda: bool(user is not None and second_factor_pending(user))
        ),
    }

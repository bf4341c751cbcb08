"""One-time links for setting a password: invitations, sign-up confirmations and resets."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class _AccountStateTokenMixin:
    """Tokens that also die when an account is deactivated (README, "Security and audit").

    Django's hash covers the password, last sign-in and e-mail address; this adds whether the
    account is active and when it was last deactivated. Deactivation changes both, and
    reactivation leaves the deactivation time behind, so a link sent before it never works
    again: an administrator who reactivates someone sends a fresh one.
    """

    def _make_hash_value(self, user, timestamp):
        deactivated = "" if user.deactivated_at is None else user.deactivated_at.isoformat()
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{deactivated}"


class PasswordResetTokens(_AccountStateTokenMixin, PasswordResetTokenGenerator):
    """Tokens for "I have forgotten my password" links."""


class SetPasswordTokenGenerator(_AccountStateTokenMixin, PasswordResetTokenGenerator):
    """Tokens for invitations and sign-up confirmation, distinct from password-reset tokens.

    Like Django's reset tokens they stop working once the password is set (the hash is
    part of the token) and after PASSWORD_RESET_TIMEOUT.
    """

    key_salt = "vig_service.accounts.tokens.SetPasswordTokenGenerator"


password_reset_token_generator = PasswordResetTokens()
set_password_token_generator = SetPasswordTokenGenerator()


def set_password_path_args(user) -> tuple[str, str]:
    """The (uidb64, token) pair for a user's set-password link."""
    return urlsafe_base64_encode(force_bytes(user.pk)), set_password_token_generator.make_token(
        user
    )

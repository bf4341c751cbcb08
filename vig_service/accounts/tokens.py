"""One-time links for setting a password: invitations, sign-up confirmations and resets."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class SetPasswordTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for invitations and sign-up confirmation, distinct from password-reset tokens.

    Like Django's reset tokens they stop working once the password is set (the hash is
    part of the token) and after PASSWORD_RESET_TIMEOUT.
    """

    key_salt = "vig_service.accounts.tokens.SetPasswordTokenGenerator"


set_password_token_generator = SetPasswordTokenGenerator()


def set_password_path_args(user) -> tuple[str, str]:
    """The (uidb64, token) pair for a user's set-password link."""
    return urlsafe_base64_encode(force_bytes(user.pk)), set_password_token_generator.make_token(
        user
    )

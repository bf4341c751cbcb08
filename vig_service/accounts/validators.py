"""Password rules beyond Django's own."""

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """Refuse passwords longer than a limit, so hashing a huge one cannot tie up the server."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password, user=None):
        """Raise a GOV.UK-style error when the password is too long."""
        if len(password) > self.max_length:
            raise ValidationError(
                f"Password must be {self.max_length} characters or fewer",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        """Shown beside the password field."""
        return f"Your password must be {self.max_length} characters or fewer."

"""The one base of every refusal a user can act on, and the refusal of a pure rule."""


class DomainError(Exception):
    """An action refused, with the message the user sees and the form field it is about."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class RuleBroken(DomainError):
    """A value a pure rule (an app's rules.py) refuses."""

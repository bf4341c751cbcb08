"""The refusal of a case action, with a message the user can act on."""

from vig_service.core.errors import DomainError


class CaseError(DomainError):
    """A case action refused, with a message the user can act on."""

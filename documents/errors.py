"""The documents app's refusals, each with words a user can act on."""

from vig_service.core.errors import DomainError


class DocumentError(DomainError):
    """A document refused: its type, size or name, or its record closed."""

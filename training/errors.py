"""The refusal of a training action, with a message the user can act on."""

from vig_service.core.errors import DomainError


class TrainingError(DomainError):
    """A training action refused, with a message the user can act on."""

"""The refusals of cycle actions, with a message the user can act on."""

from vig_service.core.errors import DomainError


class CycleError(DomainError):
    """A cycle action refused, with a message the user can act on (and the field it is about)."""


class StaleCycle(CycleError):
    """Someone else changed the cycle after this page was loaded."""

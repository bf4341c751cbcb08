from vig_service.core.errors import DomainError


class MeasureError(DomainError):
    """A measure or result refused, with the message the user sees."""

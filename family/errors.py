from vig_service.core.errors import DomainError


class FamilyError(DomainError):
    """A family link action refused, with the message the guider or the family sees."""

"""The diary's refusals, each in words a guider or coordinator can act on."""

from vig_service.core.errors import DomainError


class DiaryError(DomainError):
    """An appointment change the service refuses."""

"""Template context for every page: the service's name and the user's navigation."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from vig_service.core.models import ServiceConfiguration
from vig_service.core.navigation import base_links, navigation_for


def service(request):
    """The configuration (loaded only if a template uses it) and the primary navigation."""
    return {
        "service": SimpleLazyObject(ServiceConfiguration.load),
        "primary_navigation": SimpleLazyObject(lambda: navigation_for(request.user, request.path)),
        # Without a virus scanner (the demo) documents are kept unchecked, and every page says so.
        "virus_scanner_off": not settings.CLAMD_SOCKET,
        # The header's and footer's links, reversed once (core.navigation.base_links).
        "base_links": base_links(),
    }

"""Response headers that the settings alone cannot give."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreForSignedInUsersMiddleware:
    """Tell browsers and proxies to keep no copy of any page shown to a signed-in user.

    Pages about children must not be recoverable from a shared computer's cache or the back
    button after signing out (ASVS 8.2.1).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Signed in before the view (signing out) or after it (signing in) both count.
        before = getattr(request, "user", None)
        was_signed_in = before is not None and before.is_authenticated
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if was_signed_in or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response

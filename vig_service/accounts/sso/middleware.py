"""Sessions from a provider: its second factor honoured, and its account checked again.

Every OIDC_REFRESH_SECONDS the session's refresh token is exchanged at the provider; a
refusal (the account was disabled, the tokens revoked) signs the person out at once. A
provider that cannot be reached leaves the session as it is until the next check.
"""

import logging
import time

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from vig_service.accounts.models import IdentityProvider, UserEvent
from vig_service.accounts.sso.client import (
    ProviderUnavailable,
    client_secret,
    provider_metadata,
)
from vig_service.accounts.sso.services import sso_record
from vig_service.accounts.sso.views import SSO_SESSION_KEY

logger = logging.getLogger(__name__)
ENDED = (
    "You were signed out because your organisation's account is no longer active. "
    "Ask your IT team if you think this is wrong."
)


class SingleSignOnMiddleware:
    """After django-otp's middleware: the provider's MFA counts; the account is re-checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        sso = request.session.get(SSO_SESSION_KEY) if user.is_authenticated else None
        if sso:
            if sso.get("mfa"):
                # The provider asked for a second factor, so the service's code step is not.
                user.is_verified = lambda: True
            due = time.time() - sso.get("checked_at", 0) >= settings.OIDC_REFRESH_SECONDS
            if due and not self._still_active(request, sso):
                sso_record(user=user, action=UserEvent.Action.SSO_ENDED, note="")
                logout(request)
                messages.info(request, ENDED)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    @staticmethod
    def _still_active(request, sso: dict) -> bool:
        """Exchange the refresh token; False only when the provider refuses it."""
        sso["checked_at"] = int(time.time())
        request.session[SSO_SESSION_KEY] = sso
        provider = IdentityProvider.objects.filter(pk=sso["provider"], active=True).first()
        if provider is None or not sso.get("refresh_token"):
            return provider is not None
        data = {"grant_type": "refresh_token", "refresh_token": sso["refresh_token"]}
        # The client authenticates by HTTP Basic (client_secret_basic, the OAuth default); a
        # public client only names itself.
        secret = client_secret(provider)
        auth = (provider.client_id, secret) if secret else None
        if not secret:
            data["client_id"] = provider.client_id
        try:
            response = requests.post(
                provider_metadata(provider)["token_endpoint"],
                data=data,
                auth=auth,
                timeout=settings.OIDC_TIMEOUT,
            )
        except (requests.RequestException, ProviderUnavailable) as error:
            logger.warning("Could not check a session with %s: %s", provider.slug, error)
            return True
        if response.status_code in (400, 401):
            return False
        if response.ok:
            sso["refresh_token"] = response.json().get("refresh_token", sso["refresh_token"])
            request.session[SSO_SESSION_KEY] = sso
        return True

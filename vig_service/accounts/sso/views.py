"""The sign-in with an organisation's account: off to the provider, and back.

State, nonce and the PKCE verifier are kept in the session by mozilla-django-oidc's helper and
each is used once: a callback whose state is unknown (replayed, or from another browser) is
refused before anything is exchanged.
"""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_POST
from mozilla_django_oidc.utils import (
    add_state_and_verifier_and_nonce_to_session,
    generate_code_challenge,
)

from vig_service.accounts.backends import SIGN_IN_BACKEND
from vig_service.accounts.lockout import account_failures_in_window
from vig_service.accounts.models import IdentityProvider, UserEvent
from vig_service.accounts.redirects import next_url as _next_url
from vig_service.accounts.sso.client import (
    ProviderBackend,
    ProviderUnavailable,
    SignInRefused,
    provider_metadata,
    uses_mfa,
)
from vig_service.accounts.sso.services import sso_record

logger = logging.getLogger(__name__)

# What the session keeps about a sign-in with a provider: which, its refresh token, when it
# was last checked, and whether the provider did the second factor.
SSO_SESSION_KEY = "sso"
PENDING_SESSION_KEY = "sso_pending"
UNAVAILABLE = (
    "{name} cannot be reached at the moment, so you cannot sign in with it. Try again in a few "
    "minutes, or sign in with your email address and password if you have one."
)


@login_not_required
@require_POST
def sso_start(request, slug):
    """Send the browser to the provider's sign-in, with state, nonce and a PKCE challenge."""
    provider = get_object_or_404(IdentityProvider, slug=slug, active=True)
    try:
        metadata = provider_metadata(provider)
    except ProviderUnavailable as error:
        logger.warning("Provider %s unavailable: %s", provider.slug, error)
        messages.error(request, UNAVAILABLE.format(name=provider.name))
        return redirect(settings.LOGIN_URL)
    state = get_random_string(32)
    nonce = get_random_string(32)
    verifier = get_random_string(64)
    params = {
        "response_type": "code",
        "scope": "openid email profile offline_access",
        "client_id": provider.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("accounts:sso_callback")),
        "state": state,
        "nonce": nonce,
        "code_challenge": generate_code_challenge(verifier, "S256"),
        "code_challenge_method": "S256",
    }
    if request.POST.get("email"):
        params["login_hint"] = request.POST["email"][:254]
    add_state_and_verifier_and_nonce_to_session(request, state, params, verifier)
    pending = request.session.get(PENDING_SESSION_KEY, {})
    pending[state] = {"provider": provider.pk, "next": _next_url(request)}
    request.session[PENDING_SESSION_KEY] = pending
    return redirect(metadata["authorization_endpoint"] + "?" + urlencode(params))


def _refused(request, message: str, *, status: int = 403):
    return render(request, "accounts/sso_refused.html", {"message": message}, status=status)


@login_not_required
def sso_callback(request):
    """Back from the provider: check everything, find the account, sign in."""
    state = request.GET.get("state", "")
    states = request.session.get("oidc_states", {})
    pending = request.session.get(PENDING_SESSION_KEY, {})
    kept, started = states.pop(state, None), pending.pop(state, None)
    request.session["oidc_states"], request.session[PENDING_SESSION_KEY] = states, pending
    if kept is None or started is None:
        return _refused(
            request,
            "This sign-in has expired or was already used. Go back to the sign-in page and "
            "start again.",
            status=400,
        )
    provider = IdentityProvider.objects.filter(pk=started["provider"], active=True).first()
    if provider is None:
        return _refused(request, "Signing in with this organisation is no longer offered.")
    if request.GET.get("error"):
        return _refused(request, f"{provider.name} did not sign you in. Try again.")
    try:
        backend = ProviderBackend(provider, provider_metadata(provider))
        user = backend.authenticate(
            request, nonce=kept["nonce"], code_verifier=kept["code_verifier"]
        )
    except ProviderUnavailable as error:
        logger.warning("Provider %s unavailable: %s", provider.slug, error)
        messages.error(request, UNAVAILABLE.format(name=provider.name))
        return redirect(settings.LOGIN_URL)
    except SignInRefused as refused:
        return _refused(request, refused.message)
    except SuspiciousOperation as error:
        logger.warning("Sign-in with %s refused: %s", provider.slug, error)
        return _refused(request, f"The answer from {provider.name} could not be trusted.")
    email = backend.claims.get("email", "")
    if user is None:
        return _refused(
            request,
            f"There is no account for {email} in this service. Ask the service's "
            "administrator to invite you.",
        )
    if not user.is_active:
        sso_record(user=user, action=UserEvent.Action.SSO_REFUSED, note="Account deactivated")
        return _refused(request, "Your account in this service has been deactivated.")
    if account_failures_in_window(user.email) >= settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        # The account-wide lock after many wrong passwords holds for every way in.
        sso_record(user=user, action=UserEvent.Action.SSO_REFUSED, note="Account locked")
        return _refused(
            request,
            "Your account is locked after too many wrong passwords. Try again in an hour.",
        )
    auth_login(request, user, SIGN_IN_BACKEND)
    mfa = uses_mfa(backend.claims)
    request.session[SSO_SESSION_KEY] = {
        "provider": provider.pk,
        "refresh_token": backend.token_info.get("refresh_token", ""),
        "checked_at": int(time.time()),
        "mfa": mfa,
    }
    sso_record(
        user=user,
        action=UserEvent.Action.SIGNED_IN_SSO,
        note=f"With {provider.name}" + (", with its second factor" if mfa else ""),
    )
    return redirect(started["next"])

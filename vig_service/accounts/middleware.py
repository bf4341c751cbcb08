"""Session limits and the second-factor gate, applied to every request."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from vig_service.accounts.second_factor import (
    OPEN_WHILE_PENDING,
    has_authenticator,
    second_factor_pending,
)

STARTED_SESSION_KEY = "signed_in_at"
LAST_SEEN_SESSION_KEY = "last_seen_at"
# Recording every request would write the session on each one; a minute is precise enough.
LAST_SEEN_RESOLUTION_SECONDS = 60


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(STARTED_SESSION_KEY, now)
            last_seen = session.get(LAST_SEEN_SESSION_KEY, now)
            if now - started > settings.SESSION_MAX_HOURS * 3600:
                return self._sign_out(
                    request,
                    f"You were signed out because you had been signed in for "
                    f"{settings.SESSION_MAX_HOURS} hours. Sign in again to continue.",
                )
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                return self._sign_out(
                    request,
                    f"You were signed out because you had not done anything for "
                    f"{settings.SESSION_IDLE_MINUTES} minutes. Sign in again to continue.",
                )
            if now - session.get(LAST_SEEN_SESSION_KEY, 0) >= LAST_SEEN_RESOLUTION_SECONDS:
                session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, message: str):
        logout(request)
        messages.info(request, message)
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)


class SecondFactorMiddleware:
    """Between the password step and the code step, every page but a few leads to the code step.

    Deny by default: anything not on the short list (including URLs that do not resolve) is
    redirected, so a page added later is covered without anyone remembering to.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if second_factor_pending(request.user) and not self._open(request):
            step = (
                "accounts:second_factor"
                if has_authenticator(request.user)
                else "accounts:second_factor_set_up"
            )
            url = reverse(step)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_WHILE_PENDING

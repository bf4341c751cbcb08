"""The second factor: the code step after the password, and setting up an authenticator."""

from base64 import b32encode
from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from vig_service.accounts import forms, second_factor, services
from vig_service.accounts.redirects import next_url as _next_url
from vig_service.accounts.redirects import with_next as _with_next


def _code_step_passed(request, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session key for the more trusted session
    request.session.pop(second_factor.FAILURES_SESSION_KEY, None)


def _wrong_code(request, form):
    """Count a wrong code; after too many, sign the person out. Returns a response or None."""
    failures = request.session.get(second_factor.FAILURES_SESSION_KEY, 0) + 1
    if failures >= settings.SECOND_FACTOR_MAX_ATTEMPTS:
        logout(request)
        messages.error(
            request,
            "You entered a wrong code too many times, so you have been signed out. "
            "Sign in again to try again.",
        )
        return redirect(settings.LOGIN_URL)
    request.session[second_factor.FAILURES_SESSION_KEY] = failures
    form.add_error("code", "The code is not correct. Enter the code your app shows now")
    return None


def second_factor_step(request):
    """The code step after the password: a code from the authenticator app or a backup code."""
    if not second_factor.second_factor_pending(request.user):
        return redirect(_next_url(request))
    if not second_factor.has_authenticator(request.user):
        return redirect(_with_next(request, "accounts:second_factor_set_up"))
    form = forms.SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if check.device is not None:
            _code_step_passed(request, check.device)
            return redirect(_next_url(request))
        if check.throttled:
            form.add_error("code", "Wait a few seconds, then enter the code your app shows now")
        elif signed_out := _wrong_code(request, form):
            return signed_out
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


def _setup_key(request) -> str:
    key = request.session.get(second_factor.SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[second_factor.SETUP_KEY_SESSION_KEY] = random_hex(20)
    return key


def _can_set_up(user) -> bool:
    # Never with a confirmed app already: a password alone must not be able to replace it.
    return second_factor.second_factor_pending(user) and not second_factor.has_authenticator(user)


def second_factor_set_up(request):
    """First sign-in of a staff member: set up an authenticator app, then get backup codes."""
    if not _can_set_up(request.user):
        if second_factor.second_factor_pending(request.user):
            return redirect(_with_next(request, "accounts:second_factor"))
        return redirect(_next_url(request))
    key = _setup_key(request)
    form = forms.SecondFactorSetUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.second_factor_set_up(
            user=request.user, key=key, code=form.cleaned_data["code"]
        )
        if codes is not None:
            del request.session[second_factor.SETUP_KEY_SESSION_KEY]
            _code_step_passed(request, TOTPDevice.objects.get(user=request.user))
            request.session[second_factor.BACKUP_CODES_SESSION_KEY] = codes
            return redirect(_with_next(request, "accounts:second_factor_backup_codes"))
        if signed_out := _wrong_code(request, form):
            return signed_out
    secret = b32encode(bytes.fromhex(key)).decode()
    return render(
        request,
        "accounts/second_factor_set_up.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


@require_GET
def second_factor_qr_code(request):
    """The QR code of the secret being set up, as an SVG image for the set-up page."""
    if not _can_set_up(request.user):
        raise Http404
    device = TOTPDevice(user=request.user, key=_setup_key(request))
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", border=4, omitsize=True, xmldecl=False, title="QR code"
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def second_factor_backup_codes(request):
    """The backup codes made at set-up, shown this once."""
    codes = request.session.pop(second_factor.BACKUP_CODES_SESSION_KEY, None)
    return render(
        request,
        "accounts/second_factor_backup_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )

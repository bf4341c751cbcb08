"""Account pages: sign in and out, passwords, sign-up, and user administration."""

import re
from base64 import b32encode
from io import BytesIO
from urllib.parse import urlencode, urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from vig_service.accounts import forms, second_factor, selectors, services
from vig_service.accounts.filters import UserFilterSet
from vig_service.accounts.models import IdentityProvider, User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.accounts.tokens import (
    password_reset_token_generator,
    set_password_token_generator,
)
from vig_service.core.client_address import client_address
from vig_service.core.models import LinkKind, ServiceConfiguration
from vig_service.core.services import link_request_record
from vig_service.core.views import too_many_requests


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _link_allowed(request, kind: LinkKind, email: str) -> bool:
    """Whether another link e-mail to this address, from this client, is within the limits."""
    return link_request_record(kind=kind, email=email, client=client_address(request))


class LoginView(auth_views.LoginView):
    """Sign in with email and password, or with an organisation's account."""

    authentication_form = forms.LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        providers = list(IdentityProvider.objects.filter(active=True))
        return {**super().get_context_data(**kwargs), "providers": providers}

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        # The sign-in buttons post here and are redirected on to the providers: the page's
        # form-action must allow them (and only them).
        origins = sorted({_origin(provider.issuer) for provider in context["providers"]} - {None})
        if origins:
            response._csp_update = {"form-action": origins}
        return response


def _origin(url: str) -> str | None:
    """The scheme and host of a provider's issuer, for the CSP; None for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not re.fullmatch(r"[\w.-]+(:\d+)?", parts.netloc):
        return None
    return f"{parts.scheme}://{parts.netloc}"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link; the same page follows whether or not the account exists."""

    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    token_generator = password_reset_token_generator

    def form_valid(self, form):
        if not _link_allowed(self.request, LinkKind.PASSWORD_RESET, form.cleaned_data["email"]):
            return too_many_requests(self.request)
        self.extra_email_context = {"service_name": ServiceConfiguration.load().service_name}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from a reset link."""

    form_class = forms.SetPasswordForm
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"purpose": "reset"}
    token_generator = password_reset_token_generator

    def get_user(self, uidb64):
        """The account the link is for; none (so "This link cannot be used") if inactive."""
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Set a first password from an invitation or sign-up link, which activates the account."""

    form_class = forms.SetPasswordForm
    template_name = "accounts/set_password.html"
    token_generator = set_password_token_generator
    reset_url_token = "link"
    success_url = reverse_lazy("core:home")
    extra_context = {"purpose": "first"}

    def get_user(self, uidb64):
        """The account the link is for; none for a deactivated one, whatever the token says.

        The page is then the same as for an expired link, so it reveals nothing more.
        """
        user = super().get_user(uidb64)
        return None if user is None or user.is_deactivated else user

    def form_valid(self, form):
        user = services.user_set_first_password(
            user=form.user, password=form.cleaned_data["new_password1"]
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        auth_login(self.request, user, "django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, "Your password has been set and you are signed in")
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change your own password; your other sessions end."""

    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed")
        return response


@login_not_required
def sign_up(request):
    """A referrer creates an account with an email address in an allowed domain."""
    if request.user.is_authenticated:
        return redirect("core:home")
    configuration = ServiceConfiguration.load()
    form = forms.SignUpForm(request.POST or None, configuration=configuration)
    if request.method == "POST" and form.is_valid():
        if not _link_allowed(request, LinkKind.SIGN_UP, form.cleaned_data["email"]):
            return too_many_requests(request)
        services.referrer_sign_up(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            profession=form.cleaned_data["profession"],
            team_name=form.cleaned_data["team_name"],
            site_url=_site_url(request),
        )
        request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")
    return render(
        request,
        "accounts/sign_up.html",
        {"form": form, "signup_open": bool(configuration.allowed_signup_domains())},
    )


@login_not_required
def sign_up_done(request):
    """Tell the person to follow the link we e-mailed them."""
    return render(
        request, "accounts/sign_up_done.html", {"email": request.session.get("signed_up_email")}
    )


@role_required(Role.ADMINISTRATOR)
def user_list(request):
    """Administrators see every user with their roles and team."""
    filters = UserFilterSet(request.GET, queryset=selectors.users_for_administration())
    # A search to correct shows everyone, with the error, rather than a narrowed list.
    valid = filters.is_valid()
    chosen = filters.cleaned if valid else {}
    page = Paginator(filters.qs if valid else filters.queryset, 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": filters.form,
            "page": page,
            "search": chosen.get("q", ""),
            "role": chosen.get("role", ""),
            "roles": Role.choices,
            "team_requests": selectors.pending_team_requests(),
        },
    )


@role_required(Role.ADMINISTRATOR)
def user_invite(request):
    """Invite a person: they get an e-mail with a link to set their password."""
    form = forms.InviteUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _link_allowed(request, LinkKind.INVITATION, data["email"]):
            return too_many_requests(request)
        user = services.user_invite(
            email=data["email"],
            full_name=data["full_name"],
            profession=data["profession"],
            team=data["team"] or services.team_for_name(name=data["new_team"]),
            roles=data["roles"],
            by=request.user,
            site_url=_site_url(request),
        )
        messages.success(request, f"Invitation sent to {user.email}")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_invite.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
def user_edit(request, pk):
    """Change a user's details, roles and whether they may log in."""
    user = get_object_or_404(User.objects.select_related("team"), pk=pk)
    form = forms.EditUserForm(request.POST or None, user=user, editor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_update(
            user=user,
            full_name=data["full_name"],
            profession=data["profession"],
            team=data["team"] or services.team_for_name(name=data["new_team"]),
            roles=data["roles"],
            is_active=data["is_active"],
            by=request.user,
            supervisor=data["supervisor"],
        )
        messages.success(request, f"Changes to {user} saved")
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user_edit.html",
        {"form": form, "subject": user, "events": selectors.user_events(user=user)[:20]},
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def user_team_request(request, pk):
    """Approve or refuse a self-signed-up referrer's request to join a team."""
    user = get_object_or_404(User.objects.exclude(requested_team_name=""), pk=pk)
    form = forms.TeamRequestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["decision"][0])
        return redirect("accounts:user_list")
    team_name = user.requested_team_name
    try:
        if form.cleaned_data["decision"] == forms.TeamRequestDecisionForm.APPROVE:
            services.team_request_approve(user=user, by=request.user)
            messages.success(request, f"{user} is now a member of {team_name}")
        else:
            services.team_request_refuse(user=user, by=request.user)
            messages.success(request, f"{user}'s request to join {team_name} was refused")
    except services.TeamRequestGone:
        messages.error(request, f"{user}'s request has already been decided")
    return redirect("accounts:user_list")


@require_POST
@role_required(Role.ADMINISTRATOR)
def user_resend_invitation(request, pk):
    """Send a new invitation link to someone who has not set a password yet."""
    user = get_object_or_404(User, pk=pk)
    if user.has_set_password:
        messages.error(request, f"{user} has already set a password")
    elif not _link_allowed(request, LinkKind.INVITATION, user.email):
        return too_many_requests(request)
    else:
        services.user_resend_invitation(user=user, by=request.user, site_url=_site_url(request))
        messages.success(request, f"A new invitation has been sent to {user.email}")
    return redirect(reverse("accounts:user_edit", args=[user.pk]))


def _next_url(request) -> str:
    """Where to go after the code step: the page asked for, if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(request, url_name: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": _next_url(request)})


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

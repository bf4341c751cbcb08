"""Account pages: sign in and out, passwords, sign-up, and user administration.

The second factor's pages are in `second_factor_views.py`.
"""

import re
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from vig_service.accounts import forms, selectors, services
from vig_service.accounts.backends import SIGN_IN_BACKEND
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
        auth_login(self.request, user, SIGN_IN_BACKEND)
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

"""The privacy notice for everyone; administrators' retention periods and subject access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from referrals.models import Referral
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.navigation import configuration_sections
from vig_service.core.services import StaleEditError
from vig_service.privacy.forms import PrivacySettingsForm, SubjectAccessForm
from vig_service.privacy.models import PrivacySettings, RetentionRun
from vig_service.privacy.services import privacy_settings_update
from vig_service.privacy.subject_access import export


@login_not_required
@require_GET
def notice(request):
    """The privacy notice (UK GDPR Articles 13 and 14), with the configured retention periods."""
    return render(request, "privacy/notice.html", {"retention": PrivacySettings.load()})


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Privacy section of the Configuration page, with the latest retention runs."""
    settings = PrivacySettings.load()
    form = PrivacySettingsForm(request.POST or None, settings=settings)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_settings_update(
                version=form.cleaned_data["version"], periods=form.periods(), by=request.user
            )
        except StaleEditError as stale:
            form.add_error(None, stale.message)
            form.data = form.data.copy()
            form.data["version"] = settings.updated_at.isoformat()
        else:
            messages.success(request, "Privacy settings saved")
            return redirect("privacy:configuration")
    return render(
        request,
        "privacy/configuration.html",
        {
            "form": form,
            "runs": RetentionRun.objects.all()[:10],
            "configuration_sections": configuration_sections(request.path),
        },
    )


@role_required(Role.ADMINISTRATOR)
def subject_access(request):
    """Administrators download everything held about one child, for a subject access request."""
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("privacy:subject_access_download", pk=form.referral.pk)
    return render(request, "privacy/subject_access.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
def subject_access_download(request, pk):
    """The zip itself; its URL names the referral, so the audit records whose data left."""
    referral = get_object_or_404(Referral.objects.exclude(reference=None), pk=pk)
    name, content = export(referral, by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

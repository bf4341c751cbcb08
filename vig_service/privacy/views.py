"""The privacy notice for everyone; administrators' retention periods and subject access."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from referrals.models import Referral
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab
from vig_service.privacy.forms import PrivacySettingsForm, SubjectAccessForm
from vig_service.privacy.models import PrivacySettings, RetentionRun
from vig_service.privacy.subject_access import export


@login_not_required
@require_GET
def notice(request):
    """The privacy notice (UK GDPR Articles 13 and 14), with the configured retention periods."""
    return render(request, "privacy/notice.html", {"retention": PrivacySettings.load()})


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Privacy section of the Configuration page, with the latest retention runs."""
    form = PrivacySettingsForm(request.POST or None, section=PrivacySettings.load())
    return settings_tab(
        request,
        form,
        template="privacy/configuration.html",
        saved="Privacy settings saved",
        context={"runs": RetentionRun.objects.all()[:10]},
    )


@role_required(Role.ADMINISTRATOR)
def subject_access(request):
    """Administrators download everything held about one child, for a subject access request."""
    form = SubjectAccessForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return redirect("privacy:subject_access_download", pk=form.referral.pk)
    return render(request, "privacy/subject_access.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
def subject_access_download(request, pk):
    """The zip itself; its URL names the referral, so the audit records whose data left."""
    referrals = Referral.objects.not_restricted_from(request.user)
    referral = get_object_or_404(referrals.exclude(reference=None), pk=pk)
    name, content = export(referral, by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

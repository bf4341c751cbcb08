"""Case pages; for now the Cases section of the Configuration page."""

from django.contrib import messages
from django.shortcuts import redirect, render

from cases import selectors, services
from cases.configuration_forms import CaseSettingsForm
from cases.models import CaseSettings
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.navigation import configuration_sections
from vig_service.core.services import StaleEditError


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Cases section of the Configuration page."""
    settings = CaseSettings.load()
    form = CaseSettingsForm(
        request.POST or None, settings=settings, guiders=selectors.guiders_with_caseload()
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_settings_update(
                version=form.cleaned_data["version"],
                default_capacity=form.cleaned_data["default_capacity"],
                overrides=form.overrides(),
                by=request.user,
            )
        except StaleEditError as stale:
            form.add_error(None, stale.message)
            form.data = form.data.copy()
            form.data["version"] = settings.updated_at.isoformat()
        else:
            messages.success(request, "Case settings saved")
            return redirect("cases:configuration")
    return render(
        request,
        "cases/configuration.html",
        {"form": form, "configuration_sections": configuration_sections(request.path)},
    )

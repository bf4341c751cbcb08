"""The Cases section of the Configuration page."""

from cases import selectors, services
from cases.configuration_forms import CaseSettingsForm
from cases.models import CaseSettings
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Cases section of the Configuration page."""
    form = CaseSettingsForm(
        request.POST or None,
        section=CaseSettings.load(),
        guiders=selectors.guiders_with_caseload(),
    )
    return settings_tab(
        request,
        form,
        template="cases/configuration.html",
        saved="Case settings saved",
        service=services.case_settings_update,
    )

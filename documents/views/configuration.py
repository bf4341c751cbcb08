"""The Documents section of the Configuration page."""

from documents.configuration import DocumentSettings
from documents.configuration_forms import DocumentSettingsForm
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The largest upload and the types of file accepted."""
    form = DocumentSettingsForm(request.POST or None, section=DocumentSettings.load())
    return settings_tab(
        request, form, template="documents/configuration.html", saved="Document settings saved"
    )

"""The Training section of the Configuration page."""

from training import forms, services
from training.configuration import TrainingSettings
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Training section of the Configuration page."""
    form = forms.TrainingSettingsForm(request.POST or None, section=TrainingSettings.load())
    return settings_tab(
        request,
        form,
        template="training/configuration.html",
        saved="Training settings saved",
        service=services.training_settings_update,
    )

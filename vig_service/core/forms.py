"""Service configuration form."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from vig_service.core.govuk_forms import GovModelForm, submit_button
from vig_service.core.models import ServiceConfiguration


class ServiceConfigurationForm(GovModelForm):
    """What an administrator may change about the service."""

    # The names refuse < and > with their own message; the rest are addresses.
    refuse_html = False

    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = ServiceConfiguration
        fields = [
            "service_name",
            "organisation_name",
            "contact_email",
            "contact_phone",
            "data_protection_email",
            "signup_domains",
        ]
        error_messages = {
            "service_name": {
                "required": "Enter the service name",
                "max_length": "Service name must be 80 characters or fewer",
            },
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like vig@example.org"
            },
            "contact_phone": {"max_length": "Phone number must be 30 characters or fewer"},
            "organisation_name": {
                "max_length": "Organisation name must be 120 characters or fewer"
            },
            "data_protection_email": {
                "invalid": "Enter an email address in the correct format, like dpo@example.org"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.updated_at.isoformat()
        self.fields["signup_domains"].widget.attrs["rows"] = 4
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Fieldset(
                Field.text("service_name"),
                Field.text("organisation_name"),
                Field.text("contact_email"),
                Field.text("contact_phone", field_width=20),
                Field.text("data_protection_email"),
                legend="The service",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("signup_domains"),
                legend="Referrer sign-up",
                legend_size=Size.MEDIUM,
            ),
            submit_button("Save configuration"),
        )

    def clean_service_name(self):
        name = " ".join(self.cleaned_data["service_name"].split())
        if "<" in name or ">" in name:
            raise forms.ValidationError("Service name must not contain < or >")
        return name

    def clean_organisation_name(self):
        name = " ".join(self.cleaned_data["organisation_name"].split())
        if "<" in name or ">" in name:
            raise forms.ValidationError("Organisation name must not contain < or >")
        return name

    def clean_signup_domains(self):
        lines = [line.strip().lower() for line in self.cleaned_data["signup_domains"].splitlines()]
        return "\n".join(dict.fromkeys(line for line in lines if line))

"""The settings section form base, and the service configuration form."""

from urllib.parse import urlsplit

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from vig_service.core.govuk_forms import GovModelForm, submit_button
from vig_service.core.models import ServiceConfiguration
from vig_service.core.sections import SettingsSection


class SettingsSectionForm:
    """Base of a settings tab's form (before `forms.Form` or `forms.ModelForm` in the bases).

    Adds the hidden `loaded_at` (when the section was last saved, as the form was loaded) for
    `settings_section_update` to compare; a model form's instance is the section. Subclasses
    list the section fields they edit in `section_fields` (a model form: its `Meta.fields`).
    """

    section_fields: tuple[str, ...] = ()

    def __init__(self, *args, section: SettingsSection, **kwargs):
        if isinstance(self, forms.BaseModelForm):
            kwargs["instance"] = section
            self.section_fields = tuple(self._meta.fields)
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields["loaded_at"] = forms.CharField(
            widget=forms.HiddenInput, initial=section.updated_at.isoformat()
        )

    def changes(self) -> dict:
        """The section's fields as entered."""
        return {name: self.cleaned_data[name] for name in self.section_fields}

    def row_changes(self) -> dict:
        """The rows saved beside the section, by the update service's argument names; none here."""
        return {}

    def refuse_stale(self, stale) -> None:
        """Show why the save was refused, and take the new save's time so a resend saves."""
        self.add_error(None, stale.message)
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_at")] = stale.changed_at.isoformat()


class ServiceConfigurationForm(SettingsSectionForm, GovModelForm):
    """What an administrator may change about the service."""

    # The names refuse < and > with their own message; the rest are addresses.
    refuse_html = False

    class Meta:
        model = ServiceConfiguration
        fields = [
            "service_name",
            "organisation_name",
            "contact_email",
            "contact_phone",
            "data_protection_email",
            "service_address",
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
            "service_address": {
                "invalid": "Enter a web address in the correct format, like "
                "https://vig.example.gov.uk",
                "max_length": "Service web address must be 200 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signup_domains"].widget.attrs["rows"] = 4
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Fieldset(
                Field.text("service_name"),
                Field.text("organisation_name"),
                Field.text("contact_email"),
                Field.text("contact_phone", field_width=20),
                Field.text("data_protection_email"),
                Field.text("service_address"),
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

    def clean_service_address(self):
        address = self.cleaned_data["service_address"]
        if address and urlsplit(address).scheme not in ("https", "http"):
            raise forms.ValidationError(
                "Enter the address people open the service at, starting https://"
            )
        # Links are the address and a path, so the address ends without a slash.
        return address.rstrip("/")

    def clean_signup_domains(self):
        lines = [line.strip().lower() for line in self.cleaned_data["signup_domains"].splitlines()]
        return "\n".join(dict.fromkeys(line for line in lines if line))

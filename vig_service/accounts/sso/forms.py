"""The form administrators fill in to accept a council's or trust's provider."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout

from vig_service.accounts.models import IdentityProvider
from vig_service.core.govuk_forms import GovModelForm, submit_button


class IdentityProviderForm(GovModelForm):
    """Name, issuer, client ID and domains; the secret stays in the environment."""

    class Meta:
        model = IdentityProvider
        fields = ["name", "slug", "issuer", "client_id", "domains", "create_referrers", "active"]
        error_messages = {
            "name": {"required": "Enter the name shown on the sign-in page"},
            "slug": {
                "required": "Enter a short name",
                "invalid": "The short name may only hold lower-case letters, numbers and hyphens",
                "unique": "Another provider already has this short name",
            },
            "issuer": {
                "required": "Enter the provider's issuer address",
                "invalid": "Enter the issuer as a web address, like https://login.example.org",
            },
            "client_id": {"required": "Enter the client ID the provider gave the service"},
            "domains": {"required": "Enter at least one email domain"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].assume_scheme = "https"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name"),
            Field.text("slug", field_width=20),
            Field.text("issuer"),
            Field.text("client_id"),
            Field.textarea("domains", rows=3),
            Field.checkbox("create_referrers"),
            Field.checkbox("active"),
            submit_button("Save provider"),
        )

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()

"""The parents and carers of the child, one form each."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from referrals.models import ParentCarer
from vig_service.core.fields import YesNoField
from vig_service.core.govuk_forms import GovModelForm, submit_button


class ParentCarerForm(GovModelForm):
    """One parent or carer."""

    motivated = YesNoField(
        label="Are they motivated to take part?",
        required_message="Select yes if they are motivated to take part",
    )
    agreed_to_referral = YesNoField(
        label="Have they agreed to this referral?",
        required_message="Select yes if they have agreed to this referral",
    )

    class Meta:
        model = ParentCarer
        fields = ["name", "relationship", "phone", "email", "motivated", "agreed_to_referral"]
        widgets = {"relationship": forms.RadioSelect}
        labels = {"phone": "Phone number (optional)", "email": "Email address (optional)"}
        error_messages = {
            "name": {
                "required": "Enter the parent or carer's full name",
                "max_length": "Full name must be 150 characters or fewer",
            },
            "relationship": {"required": "Select their relationship to the child"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = self.fields["relationship"].choices[1:]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=20),
            Field.radios("motivated", legend_size=Size.SMALL, inline=True),
            Field.radios("agreed_to_referral", legend_size=Size.SMALL, inline=True),
            submit_button("Save parent or carer"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            self.add_error("phone", "Enter a phone number or email address to contact them")
        return cleaned

    def _post_clean(self):
        pass

"""The form that raises a flag, from a referral or from a case."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from referrals.children import FlagKind, FlagScope
from vig_service.core.fields import GovDateField, choose_one
from vig_service.core.govuk_forms import GovForm, submit_button


class FlagForm(GovForm):
    """What staff must know, about whom, and until when."""

    kind = choose_one(
        "What is the flag about?", "Select what the flag is about", choices=FlagKind.choices
    )
    detail = forms.CharField(
        label="Details",
        required=False,
        max_length=200,
        help_text="The person not to contact, the language or the need; nothing more personal.",
        error_messages={"max_length": "Details must be 200 characters or fewer"},
    )
    scope = choose_one("Who or what does it apply to?", "Select who or what the flag applies to")
    review_on = GovDateField(
        subject="the review date", label="Review by (optional)", required=False
    )
    ends_on = GovDateField(subject="the end date", label="Ends (optional)", required=False)

    def __init__(self, *args, on_case: bool, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = (
            FlagScope.choices
            if on_case
            else [c for c in FlagScope.choices if c[0] != FlagScope.CASE]
        )
        self.fields["scope"].choices = scopes
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("detail"),
            Field.radios("scope", legend_size=Size.SMALL),
            "review_on",
            "ends_on",
            submit_button("Raise the flag"),
        )

"""The referrer's answers to the service's requests for more information."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from vig_service.core.govuk_forms import GovForm, submit_button


class InformationForm(GovForm):
    """The referrer's answer to a request for more information."""

    answer = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": ""}),
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 2000 characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Field.textarea("answer", max_characters=2000),
            submit_button("Send answer"),
        )

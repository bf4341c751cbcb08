"""What every training form shares: the field builders and the layout base."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from training import rules
from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2027"


def _date(label: str, subject: str, *, required: bool = True) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT, required=required)


def _line(label: str, *, max_length: int, required_message: str = "", help_text: str = ""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _text(label: str, *, max_length: int = 2000, required_message: str = "", help_text=""):
    """A textarea; without a hint it needs an empty aria-describedby (crispy-forms-gds)."""
    attrs = {} if help_text else {"aria-describedby": ""}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4, **attrs}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _choice(label: str, message: str, *, required: bool = True, **kwargs):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=required,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class _Form(GovForm):
    """Builds the layout from layout_fields(); GovForm strips the text and refuses HTML."""

    submit_label = "Save"

    def build_helper(self):
        self.helper = FormHelper()
        self.helper.layout = Layout(*self.layout_fields(), submit_button(self.submit_label))

    def layout_fields(self):
        return [Field(name) for name in self.fields]

    def _not_future(self, name: str, what: str):
        value = self.cleaned_data.get(name)
        if value:
            try:
                rules.check_not_future(value, today=timezone.localdate(), what=what)
            except rules.RuleBroken as broken:
                raise forms.ValidationError(broken.message) from None
        return value

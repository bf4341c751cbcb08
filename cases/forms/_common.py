"""What every case form shares: the CaseForm base, the rating field, field builders."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms

from cases import rules
from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2026"
WHOLE_NUMBER = re.compile(r"^\d{1,2}$")


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _date(subject: str, label: str, **kwargs) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT, **kwargs)


def _past_date(subject: str, label: str, what: str, **kwargs) -> GovDateField:
    """A date that happened: `what` names it in the message for a date after today."""
    return _date(subject, label, not_in_future=f"{what} must be today or in the past", **kwargs)


def _text(label, *, required_message="", max_length, help_text="", required=True):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _textarea(label, *, required_message="", max_length=4000, help_text="", required=True):
    field = _text(
        label,
        required_message=required_message,
        max_length=max_length,
        help_text=help_text,
        required=required,
    )
    # crispy-forms-gds expects the key even without a hint.
    field.widget = forms.Textarea(attrs={"rows": 5, "aria-describedby": ""})
    return field


class RatingField(forms.Field):
    """A helping-question rating typed as a whole number from 0 to 10 ("7.5" and "11" refused)."""

    widget = forms.TextInput

    def __init__(self, *, required_message: str, **kwargs):
        super().__init__(error_messages={"required": required_message}, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, str) and WHOLE_NUMBER.match(value):
            value = int(value)
        if not rules.is_valid_rating(value):
            raise forms.ValidationError(rules.RATING_MESSAGE)
        return value


class CaseForm(GovForm):
    """A form on a case page: text trimmed, HTML refused, one submit button."""

    submit_label = "Save"
    warning = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_fields()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.layout_fields(), submit_button(self.submit_label, warning=self.warning)
        )

    def prepare_fields(self):
        """Add or remove fields that depend on the case, before the layout is built."""

    def layout_fields(self):
        return list(self.fields)

"""The base of every cycle form and the field builders the pages share."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2026"


def _date(label: str, subject: str) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT)


def _text(label: str, *, max_length: int, required_message: str = ""):
    """A textarea; without a hint it needs an empty aria-describedby (crispy-forms-gds)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        widget=forms.Textarea(attrs={"aria-describedby": ""}),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _line(label: str, *, max_length: int, required_message: str, help_text: str = ""):
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


class CycleForm(GovForm):
    """A change to a cycle: the version refuses a page loaded before someone else's change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    submit_label = "Save"
    # The date an appointment marked held fills in (the diary's ?on=), if the form has one.
    date_field = ""

    def __init__(self, *args, cycle, **kwargs):
        self.cycle = cycle
        initial = {"version": cycle.version, **self.initial_for(cycle)}
        super().__init__(*args, initial=initial, **kwargs)
        self.prepare()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version", *self.layout_fields(), submit_button(self.submit_label)
        )

    def initial_for(self, cycle) -> dict:
        """Values the form starts with besides the version."""
        return {}

    def prepare(self) -> None:
        """Set choices and add fields that depend on the case, before the layout is built."""

    @property
    def unavailable(self) -> str:
        """Why the form cannot be completed yet, shown above it; empty when it can."""
        return ""

    def layout_fields(self):
        return [Field(name) for name in self.fields if name != "version"]

    def service_kwargs(self) -> dict:
        """The service's arguments: the form's fields, under the names the form gives them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

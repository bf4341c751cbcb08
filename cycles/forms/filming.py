"""Starting a cycle and its filming: when, where, who was filmed, how long."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from cycles import rules
from cycles.forms._common import CycleForm, _date, _line
from vig_service.core.fields import choose_many
from vig_service.core.govuk_forms import GovForm


class FilmingForm(CycleForm):
    """The filming: when, where, who, how long."""

    filmed_on = _date("Date filmed", "the date filmed")
    setting = _line(
        "Setting or activity",
        max_length=120,
        required_message="Enter the setting or activity, like play or mealtime",
        help_text="For example play, mealtime, bedtime or homework",
    )
    who_was_filmed = _line(
        "Who was filmed", max_length=200, required_message="Enter who was filmed"
    )
    minutes = forms.IntegerField(
        label="Length in minutes",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length of the film in minutes",
            "invalid": "Length in minutes must be a whole number, like 10",
            "min_value": "Length in minutes must be 1 or more",
            "max_value": "Length in minutes must be 120 or fewer",
        },
    )
    children_filmed = choose_many(
        "Which children were filmed?",
        message="Select the children who were filmed",
        invalid="Select the children who were filmed from the list",
        help_text="Select all that apply. Each child aged 12 or over gives their own consent.",
    )
    submit_label = "Save filming"
    date_field = "filmed_on"

    def __init__(self, *args, children=(), **kwargs):
        self.children = list(children)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["children_filmed"].choices = [
            (child.key, _child_label(child)) for child in self.children
        ]

    def layout_fields(self):
        return [
            Field("filmed_on"),
            Field.text("setting"),
            Field.text("who_was_filmed"),
            Field.checkboxes("children_filmed", legend_size=Size.SMALL),
            Field.text("minutes", field_width=3),
        ]

    def clean_filmed_on(self):
        return self.not_future("filmed_on", "The date filmed")


def _child_label(child) -> str:
    who = "the child referred" if child.key == rules.FOCUS_CHILD else "in the household"
    born = f", born {rules.long_date(child.date_of_birth)}" if child.date_of_birth else ""
    return f"{child.name} ({who}{born})"


class FilmingDateForm(CycleForm):
    """A correction of the date filmed, before the shared review."""

    filmed_on = _date("Date filmed", "the date filmed")
    submit_label = "Save the corrected date"

    def initial_for(self, cycle) -> dict:
        return {"filmed_on": cycle.filmed_on}

    def clean_filmed_on(self):
        return self.not_future("filmed_on", "The date filmed")


class StartForm(GovForm):
    """Start the next cycle; the number guards against starting two with one double click."""

    number = forms.IntegerField(widget=forms.HiddenInput)

"""Measure forms: an administrator's measure, and a result recorded for a child."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from measures import rules
from measures.models import TimePoint
from vig_service.core.fields import GovDateField, YesNoField, choose_many, choose_one, whole_number
from vig_service.core.govuk_forms import GovForm, submit_button

TEXT = {"spellcheck": "false", "inputmode": "decimal"}


class MeasureForm(GovForm):
    """A measure: its name, when it is taken, what counts as improving, and its items."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={
            "required": "Enter the measure's name",
            "max_length": "The name must be 100 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)", required=False, max_length=2000, widget=forms.Textarea
    )
    time_points = choose_many(
        "When is it taken?",
        message="Select at least one time point",
        invalid="Select time points from the list",
        choices=TimePoint.choices,
    )
    follow_up_months = whole_number(
        "Months after closure for the follow-up", low=1, high=24, subject="number of months"
    )
    improvement_margin = forms.DecimalField(
        label="Improvement margin",
        min_value=0.01,
        max_value=1000,
        decimal_places=2,
        help_text="A change of at least this much, in the better direction, counts as improved.",
        widget=forms.TextInput(attrs=TEXT),
        error_messages={
            "required": "Enter the improvement margin",
            "invalid": "Enter the improvement margin as a number, like 0.5",
            "min_value": "The improvement margin must be more than 0",
            "max_value": "The improvement margin must be 1000 or less",
            "max_decimal_places": "The improvement margin can have at most 2 decimal places",
            "max_digits": "The improvement margin must be 1000 or less",
        },
    )
    items_text = forms.CharField(
        label="Items",
        help_text=rules.ITEMS_HELP,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        error_messages={"required": "Enter at least one item"},
    )
    active = YesNoField(label="Is it in use?", required_message="Select whether it is in use")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", field_width=30),
            Field.textarea("description", rows=3),
            Field.checkboxes("time_points", legend_size=Size.SMALL),
            Field.text("follow_up_months", field_width=3),
            Field.text("improvement_margin", field_width=5),
            Field.textarea("items_text", rows=8),
            Field.radios("active", legend_size=Size.SMALL, inline=True),
            submit_button("Save measure"),
        )


class ResultForm(GovForm):
    """A result: the time point, the date taken and each item's score."""

    def __init__(self, *args, measure, items, time_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["time_point"] = choose_one(
            "When was it taken?",
            "Select when it was taken",
            choices=[(point, TimePoint(point).label) for point in time_points],
        )
        self.fields["taken_on"] = GovDateField(
            subject="the date it was taken",
            label="Date taken",
            help_text="For example, 27 3 2027",
            not_in_future="The date taken must be today or in the past",
        )
        layout = [Field.radios("time_point", legend_size=Size.SMALL), "taken_on"]
        for item in items:
            name = f"item_{item.pk}"
            low, high = rules._plain(item.low), rules._plain(item.high)
            out_of_range = f"The score for {item.wording} must be from {low} to {high}"
            self.fields[name] = forms.DecimalField(
                label=item.wording,
                help_text=f"From {low} to {high}",
                min_value=item.low,
                max_value=item.high,
                decimal_places=2,
                widget=forms.TextInput(attrs=TEXT),
                error_messages={
                    "required": f"Enter the score for {item.wording}",
                    "invalid": f"Enter the score for {item.wording} as a number, like {low}",
                    "max_decimal_places": f"The score for {item.wording} can have at most 2 "
                    "decimal places",
                    "max_digits": out_of_range,
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                },
            )
            layout.append(Field.text(name, field_width=4))
        self.helper = FormHelper()
        self.helper.layout = Layout(*layout, submit_button(f"Save {measure.name}"))

    def scores(self) -> dict:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}

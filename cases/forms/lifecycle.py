"""Case lifecycle forms: closing the case, its footage, reassigning it."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils.html import format_html

from cases.forms._common import CaseForm, RatingField, _long_date, _past_date, _text, _textarea
from cases.models import ClosureReason
from vig_service.core.fields import choose_one


class CloseForm(CaseForm):
    """Closing a case: date, reason, a final rating for each helping question, the outcome."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = _past_date(
        "the date the case closed", "Date the case closed", "The date the case closed"
    )
    reason = choose_one(
        "Why is the case closing?", "Select why the case is closing", choices=ClosureReason.choices
    )
    outcome_summary = _textarea(
        "Outcome summary", required_message="Enter a summary of the outcome"
    )
    submit_label = "Close the case"
    warning = True

    def __init__(self, *args, case, questions, **kwargs):
        self.case = case
        self.questions = list(questions)
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [
            "version",
            Field("closed_on"),
            Field.radios("reason", legend_size=Size.SMALL),
            *[Field.text(self.rating_name(q), field_width=2) for q in self.questions],
            Field.textarea("outcome_summary"),
        ]

    def prepare_fields(self):
        for question in self.questions:
            self.fields[self.rating_name(question)] = RatingField(
                # crispy-forms-gds marks labels safe: the family's own words are escaped here.
                label=format_html("Final rating for “{}”", question.wording),
                required_message=f"Enter a final rating for “{question.wording}”",
                help_text="A whole number from 0 to 10.",
            )

    @staticmethod
    def rating_name(question) -> str:
        return f"rating_{question.pk}"

    def clean_closed_on(self):
        day = self.cleaned_data.get("closed_on")
        if day and day < self.case.opened_on:
            raise forms.ValidationError(
                "The date the case closed must be on or after the date it opened "
                f"({_long_date(self.case.opened_on)})"
            )
        return day

    def final_ratings(self) -> dict[int, int]:
        """The final ratings keyed by question id, for the service."""
        return {q.pk: self.cleaned_data[self.rating_name(q)] for q in self.questions}


class FootageForm(CaseForm):
    """Where the family's footage is kept and, once the case is closed, when it was deleted."""

    footage_location = _text(
        "Where the footage is kept",
        max_length=200,
        required=False,
        help_text="For example, the encrypted team laptop, or the family's own device.",
    )
    footage_deleted_on = _past_date(
        "the date the footage was deleted",
        "Date the footage was deleted",
        "The date the footage was deleted",
        required=False,
    )
    submit_label = "Save footage details"

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        # The deletion date can only be recorded once the case is closed.
        if self.case.status != self.case.Status.CLOSED:
            del self.fields["footage_deleted_on"]

    def layout_fields(self):
        fields = [Field.text("footage_location")]
        if "footage_deleted_on" in self.fields:
            fields.append(Field("footage_deleted_on"))
        return fields

    def clean_footage_deleted_on(self):
        day = self.cleaned_data.get("footage_deleted_on")
        if day and self.case.closed_on and day < self.case.closed_on:
            raise forms.ValidationError(
                "The date the footage was deleted must be on or after the date the case "
                f"closed ({_long_date(self.case.closed_on)})"
            )
        return day


class ReassignForm(CaseForm):
    """A coordinator moves the case to another guider, saying why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    guider = choose_one(
        "Choose the new guider",
        "Select the guider to reassign the case to",
        invalid="Select the guider to reassign the case to, from the list",
        coerce=int,
    )
    reason = forms.CharField(
        label="Why is the case being reassigned?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": ""}),
        error_messages={
            "required": "Enter the reason for reassigning the case",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )
    submit_label = "Reassign the case"

    def __init__(self, *args, case, loads, **kwargs):
        self.case, self.loads = case, loads
        super().__init__(*args, initial={"version": case.version}, **kwargs)

    def prepare_fields(self):
        self.fields["guider"].choices = [
            (
                load.guider.pk,
                f"{load.guider.full_name} – {load.open_cases} of {load.capacity} open cases",
            )
            for load in self.loads
            if load.guider.pk != self.case.guider_id
        ]

    def layout_fields(self):
        return [
            "version",
            Field.radios("guider", legend_size=Size.SMALL),
            Field.textarea("reason"),
        ]

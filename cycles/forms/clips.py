"""The clips chosen from the film, and marking the editing done."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from cycles import rules
from cycles.forms._common import CycleForm, _date, _line, _text
from vig_service.core.fields import choose_many
from vig_service.core.govuk_forms import GovForm


class ClipForm(CycleForm):
    """One clip: where it is in the film, what happens, the principles it shows."""

    timestamp = _line(
        "Time in the film",
        max_length=8,
        required_message="Enter the time in the film, like 03:45",
        help_text="Minutes and seconds, for example 03:45",
    )
    description = _text(
        "What happens in the clip",
        max_length=500,
        required_message="Enter what happens in the clip",
    )
    principles = choose_many(
        "Which principles of attuned interaction does it show?",
        message="Select at least one principle of attuned interaction the clip shows",
        invalid="Select principles from the list",
        help_text="Select all that apply.",
    )
    submit_label = "Add clip"

    def __init__(self, *args, principles=(), **kwargs):
        self.principles = list(principles)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["principles"].choices = [(p, p) for p in self.principles]

    def layout_fields(self):
        return [
            Field.text("timestamp", field_width=5),
            Field.textarea("description", rows=3),
            Field.checkboxes("principles", legend_size=Size.SMALL),
        ]

    def clean_timestamp(self):
        try:
            return rules.parse_timestamp(self.cleaned_data["timestamp"])
        except rules.RuleBroken as broken:
            raise forms.ValidationError(broken.message) from None


class EditedForm(CycleForm):
    """The clips are chosen: the cycle is ready for its shared review."""

    edited_on = _date("Date the clips were chosen", "the date the clips were chosen")
    submit_label = "Mark the clips as chosen"

    def initial_for(self, cycle) -> dict:
        return {"edited_on": timezone.localdate()}

    def clean_edited_on(self):
        return self.not_future("edited_on", "The date the clips were chosen")


class RemoveClipForm(GovForm):
    """Remove one clip, from the cycle as it was when the page was loaded."""

    version = forms.IntegerField(widget=forms.HiddenInput)

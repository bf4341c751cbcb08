"""Traject plan forms: adding a heading and changing one."""

from crispy_forms_gds.layout import Field
from django import forms

from cases.forms._common import CaseForm, _text, _textarea


class TrajectHeadingAddForm(CaseForm):
    """A heading of the family's own for the traject plan."""

    title = _text("Heading", required_message="Enter the heading", max_length=80)
    submit_label = "Add heading"


class TrajectHeadingForm(CaseForm):
    """One traject plan heading; carries the revision it was loaded at."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = _text("Heading", required_message="Enter the heading", max_length=80)
    changes_made = _textarea("Changes made", required=False)
    changes_hoped_for = _textarea("Changes hoped for", required=False)
    submit_label = "Save heading"

    def layout_fields(self):
        return [
            "revision",
            Field.text("title"),
            Field.textarea("changes_made"),
            Field.textarea("changes_hoped_for"),
        ]

"""Limit forms: granting an extension, asking for one, refusing one."""

from crispy_forms_gds.layout import Field
from django import forms
from django.utils import timezone

from cases import rules
from cases.forms._common import CaseForm, _date, _textarea
from vig_service.core.fields import whole_number


class ExtensionForm(CaseForm):
    """A manager's extension: the reason, a new cycle limit and a new end date."""

    reason = _textarea("Reason for the extension", required_message="Enter the reason")
    cycle_limit = whole_number(
        "New cycle limit", low=1, high=50, example="8", name="The new cycle limit"
    )
    ends_on = _date("the new end date", "New end date")
    # The waiting request the page showed (0: none), so a decision on a stale page is refused.
    request = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    submit_label = "Grant the extension"

    def __init__(self, *args, limit: rules.Limit, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [
            "request",
            Field.textarea("reason"),
            Field.text("cycle_limit", field_width=3),
            "ends_on",
        ]

    def request_id(self) -> int | None:
        """The id of the request the page was deciding, or None when it showed none."""
        return self.cleaned_data.get("request") or None

    def clean_cycle_limit(self):
        value = self.cleaned_data.get("cycle_limit")
        if value is not None and value <= self.limit.cycles:
            raise forms.ValidationError(
                f"The new cycle limit must be more than the current limit of {self.limit.cycles}"
            )
        return value

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError("The new end date must be today or in the future")
        return day


class ExtensionRequestForm(CaseForm):
    """A guider or coordinator asks a manager to extend the case's limit, saying why."""

    reason = _textarea(
        "Why does the case need an extension?",
        required_message="Enter why the case needs an extension",
        max_length=2000,
        help_text="A manager reads this to decide. Do not include the family's names.",
    )
    submit_label = "Ask for an extension"

    def layout_fields(self):
        return [Field.textarea("reason")]


class RefuseExtensionForm(CaseForm):
    """A manager refuses a waiting extension request, saying why."""

    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = _textarea(
        "Why is the extension refused?",
        required_message="Enter why the extension is refused",
        max_length=2000,
        help_text="The guider is told the request was refused and reads this on the case.",
    )
    submit_label = "Refuse the extension"
    warning = True

    def layout_fields(self):
        return ["request", Field.textarea("reason")]

"""The guider's supervision on a cycle."""

from crispy_forms_gds.layout import Field
from django import forms

from cycles.forms._common import CycleForm, _date, _text


class SupervisionForm(CycleForm):
    """The guider's supervision on this cycle."""

    supervisor = forms.TypedChoiceField(
        label="Supervisor",
        coerce=int,
        error_messages={
            "required": "Select the supervisor",
            "invalid_choice": "Select the supervisor from the list",
        },
    )
    supervised_on = _date("Date", "the date of the supervision")
    notes = _text("Notes", max_length=4000)
    submit_label = "Save supervision"

    def __init__(self, *args, supervisors=(), **kwargs):
        self.supervisors = list(supervisors)
        super().__init__(*args, **kwargs)

    def prepare(self):
        self.fields["supervisor"].choices = [("", "Choose a supervisor")] + [
            (user.pk, user.full_name) for user in self.supervisors
        ]

    @property
    def unavailable(self) -> str:
        if self.supervisors:
            return ""
        return "There are no supervisors. An administrator can give someone the supervisor role"

    def layout_fields(self):
        return [
            Field.select("supervisor"),
            Field("supervised_on"),
            Field.textarea("notes", rows=6),
        ]

    def clean_supervisor(self):
        # The list was read when the page loaded; the choice is that person, as loaded.
        chosen = self.cleaned_data["supervisor"]
        return next(user for user in self.supervisors if user.pk == chosen)

    def clean_supervised_on(self):
        return self.not_future("supervised_on", "The date of the supervision")

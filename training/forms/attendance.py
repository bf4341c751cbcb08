"""Attendance forms: the register for one day, and a make-up of a missed day."""

from crispy_forms_gds.layout import Field, Size

from training.forms._common import _date, _Form
from vig_service.core.fields import choose_many


class AttendanceForm(_Form):
    """Who attended one day: everyone not ticked missed it."""

    attended = choose_many(
        "Who attended?",
        invalid="Select only people enrolled on the course",
        coerce=int,
        help_text="Select everyone who attended. Anyone not selected is recorded as absent.",
    )
    submit_label = "Save attendance"

    def __init__(self, *args, enrolments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (e.pk, f"{e.full_name}, {e.organisation}") for e in enrolments
        ]
        self.build_helper()

    def layout_fields(self):
        return [Field.checkboxes("attended", legend_size=Size.MEDIUM)]


class MakeUpForm(_Form):
    """When a participant made up a day they missed."""

    made_up_on = _date("Date made up", "the date the day was made up")
    submit_label = "Save make-up"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()

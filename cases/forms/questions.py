"""The helping question form, with its baseline rating."""

from crispy_forms_gds.layout import Field, Size

from cases.forms._common import CaseForm, RatingField, _past_date, _text
from cases.models import HelpingQuestion
from vig_service.core.fields import choose_one


class HelpingQuestionForm(CaseForm):
    """A helping question with its baseline rating."""

    owner = choose_one(
        "Whose question is it?",
        "Select whose question it is",
        choices=HelpingQuestion.Owner.choices,
    )
    wording = _text(
        "The helping question",
        required_message="Enter the helping question",
        max_length=300,
        help_text="In the family's own words. For example, How can I help her settle at bedtime?",
    )
    set_on = _past_date(
        "the date the question was set", "Date set", "The date the question was set"
    )
    baseline = RatingField(
        label="Baseline rating",
        required_message="Enter the baseline rating, from 0 to 10",
        help_text="A whole number from 0 to 10, as the family rates it today.",
    )
    submit_label = "Add helping question"

    def layout_fields(self):
        return [
            Field.radios("owner", legend_size=Size.SMALL),
            Field.text("wording"),
            Field("set_on"),
            Field.text("baseline", field_width=2),
        ]

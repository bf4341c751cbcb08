"""The coordinator's answer to a suggested match, and the administrator's undo."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size

from vig_service.core.fields import choose_one
from vig_service.core.govuk_forms import GovForm, submit_button


class MatchForm(GovForm):
    """Are these the same child? Yes merges the records; no is remembered."""

    same = choose_one(
        "Are these the same child?",
        "Select yes if these are the same child, or no if they are not",
        choices=[
            ("yes", "Yes, they are the same child: merge their records"),
            ("no", "No, they are different children"),
        ],
        help_text="Either answer is kept, so this match is not suggested again.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("same", legend_size=Size.MEDIUM), submit_button("Save answer")
        )


class UndoMergeForm(GovForm):
    """Nothing to type: the button confirms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(submit_button("Undo the merge", warning=True))

"""The household question page and the other children living there."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size

from referrals import rules
from referrals.forms._common import QuestionForm
from referrals.models import HouseholdChild, Referral
from vig_service.core.fields import GovDateField, YesNoField
from vig_service.core.govuk_forms import GovModelForm, submit_button


class HouseholdChildForm(GovModelForm):
    """Another child in the household."""

    date_of_birth = GovDateField(
        subject="their date of birth",
        label="Date of birth",
        not_in_future="Their date of birth must be today or in the past",
    )

    class Meta:
        model = HouseholdChild
        fields = ["first_name", "date_of_birth"]
        error_messages = {
            "first_name": {
                "required": "Enter the child's first name",
                "max_length": "First name must be 100 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].help_text = "For example, 14 9 2012"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("first_name", field_width=20),
            Field("date_of_birth"),
            submit_button("Save child"),
        )

    def _post_clean(self):
        pass


class HouseholdForm(QuestionForm):
    """Whether other children live in the household."""

    has_other_children = YesNoField(
        label="Do other children live in the household?",
        required_message="Select yes if other children live in the household",
    )

    class Meta:
        model = Referral
        fields = ["has_other_children"]

    required_fields = ("has_other_children",)

    def layout_fields(self):
        return [Field.radios("has_other_children", legend_size=Size.MEDIUM, inline=True)]

    def clean(self):
        cleaned = super().clean()
        listed = list(self.referral.household_children.all())
        if not self.partial and cleaned.get("has_other_children") and not listed:
            self.add_error(
                "has_other_children",
                "Add the other children in the household, or select no",
            )
        if cleaned.get("has_other_children") is False and listed:
            # "No" with children listed would hide a 12-year-old's own consent to filming.
            self.add_error(
                "has_other_children",
                rules.household_contradiction([child.first_name for child in listed]),
            )
        return cleaned

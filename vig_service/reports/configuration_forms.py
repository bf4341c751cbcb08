"""The Reports section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from vig_service.core.fields import YesNoField
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button
from vig_service.reports.models import ReportSettings


class ReportSettingsForm(SettingsSectionForm, GovForm):
    """Whether downloads for sharing hide small counts, and below which number."""

    suppress_small_numbers = YesNoField(
        label="Hide small numbers in downloads for sharing?",
        required_message="Select yes if downloads for sharing should hide small numbers",
        help_text="Counts below the threshold are written as “fewer than” the threshold, so "
        "a family cannot be recognised from a report shared outside the team.",
    )
    suppression_threshold = forms.IntegerField(
        label="Smallest count shown",
        help_text="Usually 5: counts from 1 to 4 are then written as “fewer than 5”.",
        min_value=2,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the smallest count shown",
            "invalid": "Enter the smallest count shown as a whole number, like 5",
            "min_value": "The smallest count shown must be 2 or more",
            "max_value": "The smallest count shown must be 100 or fewer",
        },
    )

    section_fields = ("suppress_small_numbers", "suppression_threshold")

    def __init__(self, *args, section: ReportSettings, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        for name in self.section_fields:
            self.fields[name].initial = getattr(section, name)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.radios("suppress_small_numbers", legend_size=Size.SMALL, inline=True),
            Field.text("suppression_threshold", field_width=2, label_size=Size.SMALL),
            submit_button("Save report settings"),
        )

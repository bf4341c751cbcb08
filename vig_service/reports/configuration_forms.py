"""The Reports section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size

from vig_service.core.fields import YesNoField, whole_number
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
    suppression_threshold = whole_number(
        "Smallest count shown",
        low=2,
        high=100,
        example="5",
        name="The smallest count shown",
        help_text="Usually 5: counts from 1 to 4 are then written as “fewer than 5”.",
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

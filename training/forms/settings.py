"""The Training section of the Configuration page: places on a course and the stage table."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from training.configuration import STAGES
from training.forms._common import _line
from vig_service.core.fields import whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button


class TrainingSettingsForm(SettingsSectionForm, GovForm):
    """Places on a course and the stage table."""

    course_capacity = whole_number(
        "Places on a course",
        low=1,
        high=100,
        subject="number of places on a course",
        help_text="New courses start with this many places; each course may change it.",
    )
    COLUMNS = (
        ("cycles", "cycles required"),
        ("clients", "clients required"),
        ("supervision_hours", "supervision hours required"),
    )
    email_trainee_on_sign_off = forms.BooleanField(
        label="Email a trainee when their supervisor signs off one of their stages",
        help_text="Only trainees who are guiders here, with a link to their stage tracker.",
        required=False,
    )
    email_trainee_on_accreditation = forms.BooleanField(
        label="Email a trainee when they are accredited", required=False
    )
    EMAILS = ("email_trainee_on_sign_off", "email_trainee_on_accreditation")
    section_fields = ("course_capacity", *EMAILS)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        for name in self.section_fields:
            self.fields[name].initial = getattr(section, name)
        fieldsets = []
        for row in section.stages.all():
            names = []
            for column, words in self.COLUMNS:
                name = f"stage_{row.stage}_{column}"
                self.fields[name] = whole_number(
                    f"Stage {row.stage} {words}",
                    low=0,
                    high=100,
                    subject=f"stage {row.stage} {words}",
                )
                self.fields[name].label = words.capitalize()
                self.fields[name].initial = getattr(row, column)
                names.append(Field.text(name, field_width=2))
            name = f"stage_{row.stage}_ends_with"
            self.fields[name] = _line(
                "Ends with",
                max_length=80,
                required_message=f"Enter what stage {row.stage} ends with",
                help_text="For example, transition meeting",
            )
            self.fields[name].initial = row.ends_with
            names.append(Field.text(name))
            fieldsets.append(Fieldset(*names, legend=f"Stage {row.stage}", legend_size=Size.SMALL))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("course_capacity", field_width=2, label_size=Size.SMALL),
            Fieldset(*fieldsets, legend="Accreditation stages", legend_size=Size.MEDIUM),
            Fieldset(
                *[Field.checkbox(name) for name in self.EMAILS],
                legend="Emails",
                legend_size=Size.MEDIUM,
            ),
            submit_button("Save training settings"),
        )

    def row_changes(self) -> dict:
        return {"stages": self.stages()}

    def stages(self) -> dict[int, dict]:
        """Each stage's values by field."""
        return {
            stage: {
                column: self.cleaned_data[f"stage_{stage}_{column}"]
                for column in ("cycles", "clients", "supervision_hours", "ends_with")
            }
            for stage in STAGES
            if f"stage_{stage}_cycles" in self.fields
        }

"""The Documents section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from documents.configuration import TYPE_CHOICES, DocumentSettings, ceiling_megabytes
from vig_service.core.fields import whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button


class DocumentSettingsForm(SettingsSectionForm, GovForm):
    """The largest upload and the types accepted."""

    allowed_types = forms.MultipleChoiceField(
        label="Types of file accepted",
        choices=TYPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="The type is read from the file itself, not its name. Video is never accepted.",
        error_messages={"required": "Select at least one type of file"},
    )

    section_fields = ("max_megabytes", "allowed_types")

    def __init__(self, *args, section: DocumentSettings, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        ceiling = ceiling_megabytes()
        self.fields["max_megabytes"] = whole_number(
            "Largest file, in MB",
            low=1,
            high=ceiling,
            subject="largest file size in MB",
            example="10",
            help_text=f"Up to {ceiling} MB, the most this installation accepts.",
        )
        for name in self.section_fields:
            self.fields[name].initial = getattr(section, name)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("max_megabytes", field_width=3, label_size=Size.SMALL),
            Field.checkboxes("allowed_types", legend_size=Size.SMALL),
            submit_button("Save document settings"),
        )

"""The Cases section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import format_html

from cases.models import CaseSettings
from cases.selectors import GuiderLoad
from vig_service.core.fields import NUMBER_INPUT, whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button


class _LinesField(forms.CharField):
    """A textarea whose lines become a list: blank lines dropped, repeats removed."""

    def clean(self, value):
        text = super().clean(value)
        lines = list(dict.fromkeys(" ".join(line.split()) for line in text.splitlines()))
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(self.error_messages["required"])
        if any(len(line) > 80 for line in lines):
            raise forms.ValidationError(
                f"Each line of {self.label.lower()} must be 80 characters or fewer"
            )
        if any("<" in line or ">" in line for line in lines):
            raise forms.ValidationError("Remove the < and > characters")
        return lines


def _lines(label: str, required_message: str) -> _LinesField:
    return _LinesField(
        label=label,
        help_text="One on each line.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": required_message},
    )


class CaseSettingsForm(SettingsSectionForm, GovForm):
    """The default number of open cases per guider, and each active guider's own number."""

    # Its lists refuse < and > with their own message.
    refuse_html = False

    default_capacity = forms.IntegerField(
        label="Open cases per full-time guider",
        help_text="Coordinators see it when they allocate a family to a guider.",
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs=NUMBER_INPUT),
        error_messages={
            "required": "Enter the number of open cases per full-time guider",
            "invalid": "Enter the number of open cases as a whole number, like 8",
            "min_value": "Open cases per full-time guider must be 1 or more",
            "max_value": "Open cases per full-time guider must be 50 or fewer",
        },
    )

    cycle_limit = whole_number("Cycles per family", low=1, high=20)
    month_limit = whole_number(
        "Months from the first filming",
        low=1,
        high=24,
        help_text="A case reaches its limit at this many cycles or months, whichever is first.",
    )
    footage_deletion_months = whole_number(
        "Months after closure to delete footage",
        low=0,
        high=24,
        help_text="What the consent forms promise families. My cases flags footage due.",
    )
    traject_headings = _lines("Traject plan headings", "Enter at least one heading")
    principles = _lines("Principles of attuned interaction", "Enter at least one principle")
    email_guiders_on_allocation = forms.BooleanField(
        label="Email the guider and co-worker when a case is allocated or reassigned to them",
        help_text="The email gives the case reference and a link, never the family's details.",
        required=False,
    )

    LIMITS = ("cycle_limit", "month_limit", "footage_deletion_months")
    LISTS = ("traject_headings", "principles")
    EMAILS = ("email_guiders_on_allocation",)
    section_fields = ("default_capacity", *LIMITS, *LISTS, *EMAILS)

    def __init__(self, *args, section: CaseSettings, guiders: list[GuiderLoad], **kwargs):
        super().__init__(*args, section=section, **kwargs)
        self.guiders = guiders
        self.fields["default_capacity"].initial = section.default_capacity
        for name in (*self.LIMITS, *self.EMAILS):
            self.fields[name].initial = getattr(section, name)
        for name in self.LISTS:
            self.fields[name].initial = "\n".join(getattr(section, name))
        guider_fields = []
        for load in guiders:
            name = load.guider.full_name
            self.fields[self._field_name(load)] = forms.IntegerField(
                # crispy-forms-gds marks labels safe: a person's name is escaped here.
                label=format_html("Capacity for {} (leave blank for the default)", name),
                help_text=f"Open cases now: {load.open_cases}",
                required=False,
                min_value=0,
                max_value=50,
                initial=load.capacity if load.overridden else None,
                widget=forms.TextInput(attrs=NUMBER_INPUT),
                error_messages={
                    "invalid": f"Enter the capacity for {name} as a whole number, like 4",
                    "min_value": f"The capacity for {name} must be 0 or more",
                    "max_value": f"The capacity for {name} must be 50 or fewer",
                },
            )
            guider_fields.append(Field.text(self._field_name(load), field_width=2))
        if not guider_fields:
            guider_fields.append(
                HTML('<p class="govuk-body">There are no active guiders yet.</p>')
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("default_capacity", field_width=2, label_size=Size.MEDIUM),
            Fieldset(
                *[Field.text(name, field_width=2) for name in self.LIMITS],
                legend="Limits",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("traject_headings", label_size=Size.SMALL),
            Field.textarea("principles", label_size=Size.SMALL),
            Fieldset(
                *[Field.checkbox(name) for name in self.EMAILS],
                legend="Emails",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                *guider_fields,
                legend="Each guider's own capacity",
                legend_size=Size.MEDIUM,
            ),
            submit_button("Save case settings"),
        )

    @staticmethod
    def _field_name(load: GuiderLoad) -> str:
        return f"capacity_{load.guider.pk}"

    def row_changes(self) -> dict:
        return {"overrides": self.overrides()}

    def overrides(self) -> dict[int, int | None]:
        """Each guider's capacity as entered (None when blank), by user id.

        Only guiders whose field was sent: someone who became a guider after the page was
        loaded keeps whatever they had.
        """
        return {
            load.guider.pk: self.cleaned_data.get(self._field_name(load))
            for load in self.guiders
            if self.add_prefix(self._field_name(load)) in self.data
        }

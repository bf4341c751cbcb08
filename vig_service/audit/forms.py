"""The Audit page's search and the Audit section of the Configuration page."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from vig_service.audit.models import AuditSettings
from vig_service.core.fields import NUMBER_INPUT
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovModelForm, submit_button
from vig_service.core.query import QueryDateField, QueryForm


class AccessSearchForm(QueryForm):
    """Search access records by person, by child's referral reference, and by dates."""

    email = forms.EmailField(
        label="Person's email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format"},
    )
    reference = forms.CharField(
        label="Child's referral reference",
        required=False,
        max_length=16,
        help_text="For example, VIG-2026-0001.",
        error_messages={"max_length": "Referral reference must be 16 characters or fewer"},
    )
    date_from = QueryDateField(subject="the first date", label="From", required=False)
    date_to = QueryDateField(subject="the last date", label="To", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Fieldset(
                Field.text("email"),
                Field.text("reference", field_width=10),
                Field("date_from"),
                Field("date_to"),
                legend="Search the access record",
                legend_size=Size.MEDIUM,
            ),
            submit_button("Search", name="search"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The last date must be the same as or after the first date")
        return cleaned


class AuditSettingsForm(SettingsSectionForm, GovModelForm):
    """How long the audit is kept, and the thresholds of the unusual-viewing alerts."""

    class Meta:
        model = AuditSettings
        fields = ["retention_years", "alert_threshold", "denial_alert_threshold"]
        widgets = {
            "retention_years": forms.TextInput(attrs=NUMBER_INPUT),
            "alert_threshold": forms.TextInput(attrs=NUMBER_INPUT),
            "denial_alert_threshold": forms.TextInput(attrs=NUMBER_INPUT),
        }
        error_messages = {
            "retention_years": {
                "required": "Enter the number of years to keep the audit",
                "invalid": "Enter the number of years as a whole number, like 7",
                "min_value": "Years to keep the audit must be 1 or more",
                "max_value": "Years to keep the audit must be 100 or fewer",
            },
            "alert_threshold": {
                "required": "Enter the number of children viewed in an hour before an alert",
                "invalid": "Enter the number of children as a whole number, like 50",
                "min_value": "The number of children must be 1 or more",
                "max_value": "The number of children must be 10000 or fewer",
            },
            "denial_alert_threshold": {
                "required": "Enter the number of refused look-ups in an hour before an alert",
                "invalid": "Enter the number of refused look-ups as a whole number, like 20",
                "min_value": "The number of refused look-ups must be 1 or more",
                "max_value": "The number of refused look-ups must be 10000 or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("retention_years", field_width=3),
            Field.text("alert_threshold", field_width=5),
            Field.text("denial_alert_threshold", field_width=5),
            submit_button("Save audit settings"),
        )

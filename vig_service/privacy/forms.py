"""The Privacy section of the Configuration page: retention periods."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from referrals.models import Referral
from vig_service.core.fields import whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button
from vig_service.privacy.models import PrivacySettings

PERIODS = ("closed_case_months", "ended_referral_months", "training_months")


class PrivacySettingsForm(SettingsSectionForm, GovForm):
    """How many months each kind of record is kept."""

    section_fields = PERIODS

    def __init__(self, *args, section: PrivacySettings, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        for name in PERIODS:
            model_field = PrivacySettings._meta.get_field(name)
            label = str(model_field.verbose_name)
            self.fields[name] = whole_number(
                label, low=1, high=1200, help_text=model_field.help_text, example="24"
            )
            self.fields[name].initial = getattr(section, name)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            *[Field.text(name, field_width=3, label_size=Size.SMALL) for name in PERIODS],
            submit_button("Save privacy settings", name="save"),
        )


class SubjectAccessForm(GovForm):
    """Which child: the reference of their referral."""

    reference = forms.CharField(
        label="Referral reference",
        help_text="For example, VIG-2026-00042. It is on every e-mail about the referral.",
        max_length=20,
        error_messages={"required": "Enter the referral reference, like VIG-2026-00042"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("reference", field_width=10),
            submit_button("Download everything held", name="export"),
        )

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip().upper()
        # A restricted child is unknown to anyone not named (docs/architecture.md).
        referrals = Referral.objects.not_restricted_from(self.user)
        referral = referrals.filter(reference=reference).first()
        if referral is None:
            raise forms.ValidationError(f"There is no referral with the reference {reference}")
        self.referral = referral
        return reference

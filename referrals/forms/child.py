"""The question pages about the child: who they are, their needs and language."""

import re

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.utils import timezone

from referrals import rules
from referrals.choices import SchoolYear
from referrals.forms._common import QuestionForm
from referrals.models import Referral
from vig_service.core.fields import GovDateField, YesNoField


class ChildForm(QuestionForm):
    """About the child."""

    child_date_of_birth = GovDateField(
        subject="the child's date of birth",
        label="Date of birth",
        not_in_future="The child's date of birth must be today or in the past",
    )
    # Longer than the 10 stored digits: people type spaces or hyphens, removed on cleaning.
    child_nhs_number = forms.CharField(
        label="NHS number (optional)",
        max_length=14,
        required=False,
        help_text=(
            "10 digits, from the child's red book or health records. For example, 943 476 5919"
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )

    class Meta:
        model = Referral
        fields = [
            "child_first_name",
            "child_last_name",
            "child_date_of_birth",
            "child_gender",
            "child_nhs_number",
        ]
        widgets = {"child_gender": forms.RadioSelect}
        labels = {"child_gender": "Gender"}

    required_fields = (
        "child_first_name",
        "child_last_name",
        "child_date_of_birth",
        "child_gender",
    )
    required_messages = {
        "child_first_name": "Enter the child's first name",
        "child_last_name": "Enter the child's last name",
        "child_gender": "Select the child's gender",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_gender"].choices = self.fields["child_gender"].choices[1:]
        self.fields["child_date_of_birth"].help_text = "For example, 27 3 2019"
        self.fields["child_nhs_number"].label = "NHS number (optional)"
        self.fields[
            "child_nhs_number"
        ].help_text = (
            "10 digits, on the child's red book or health records. For example, 943 476 5919"
        )
        self.fields["child_nhs_number"].max_length = 14
        self.fields["child_nhs_number"].widget.attrs.update(
            {"maxlength": "14", "inputmode": "numeric", "spellcheck": "false"}
        )

    def layout_fields(self):
        return [
            Field.text("child_first_name", field_width=20),
            Field.text("child_last_name", field_width=20),
            Field("child_date_of_birth"),
            Field.radios("child_gender", legend_size=Size.SMALL),
            Field.text("child_nhs_number", field_width=10),
        ]

    def clean_child_date_of_birth(self):
        value = self.cleaned_data.get("child_date_of_birth")
        if value and value.year < 1900:
            raise forms.ValidationError("Check the year of the child's date of birth")
        return value

    def clean_child_nhs_number(self):
        value = rules.normalise_nhs_number(self.cleaned_data.get("child_nhs_number") or "")
        if not value:
            return ""
        if not value.isdigit() or len(value) != 10:
            raise forms.ValidationError("NHS number must be 10 digits, like 943 476 5919")
        if not rules.nhs_number_is_valid(value):
            raise forms.ValidationError(
                "This is not a valid NHS number. Check the digits, or leave it blank"
            )
        return value


class NeedsForm(QuestionForm):
    """The child's needs and language."""

    interpreter_needed = YesNoField(
        label="Does the family need an interpreter?",
        required_message="Select yes if the family needs an interpreter",
    )

    class Meta:
        model = Referral
        fields = [
            "child_school_year",
            "child_send",
            "child_autism",
            "child_first_language",
            "interpreter_needed",
            "postcode_district",
        ]
        widgets = {"child_send": forms.RadioSelect, "child_autism": forms.RadioSelect}
        labels = {
            "child_send": "Does the child have special educational needs or disabilities (SEND)?",
            "child_autism": "Does the child have an autism diagnosis, or are they being assessed?",
            "child_first_language": "The child's first language",
            "postcode_district": "Postcode district",
        }

    required_fields = tuple(Meta.fields)
    required_messages = {
        "child_school_year": "Select the child's school year",
        "child_send": "Select whether the child has SEND",
        "child_autism": "Select whether the child has an autism diagnosis or assessment",
        "child_first_language": "Enter the child's first language",
        "postcode_district": "Enter the postcode district",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("child_send", "child_autism"):
            self.fields[name].choices = self.fields[name].choices[1:]
        self.fields["child_school_year"].choices = [("", "Select a school year")] + list(
            self.fields["child_school_year"].choices
        )[1:]
        born = self.referral.child_date_of_birth
        if born and born <= timezone.localdate():
            usual = rules.school_year_for(born, timezone.localdate())
            self.fields["child_school_year"].help_text = (
                "By their date of birth, the child would usually be in: "
                f"{SchoolYear(usual).label}."
            )
            if not self.referral.child_school_year:
                self.initial["child_school_year"] = usual
        self.fields[
            "postcode_district"
        ].help_text = "The first half of the postcode only, for example TR1 or NN14"

    def layout_fields(self):
        return [
            Field.select("child_school_year"),
            Field.radios("child_send", legend_size=Size.SMALL, inline=True),
            Field.radios("child_autism", legend_size=Size.SMALL, inline=True),
            Field.text("child_first_language", field_width=20),
            Field.radios("interpreter_needed", legend_size=Size.SMALL, inline=True),
            Field.text("postcode_district", field_width=5),
        ]

    def clean_postcode_district(self):
        value = (self.cleaned_data.get("postcode_district") or "").upper().replace(" ", "")
        if value and not re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", value):
            raise forms.ValidationError(
                "Enter the first half of the postcode only, like TR1 or NN14"
            )
        return value

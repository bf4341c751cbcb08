"""The referral question pages, one topic each, laid out with crispy-forms-gds."""

import re
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone

from referrals import rules
from referrals.choices import Concern, PrfqVersion, RouteIn, SchoolYear
from referrals.models import HouseholdChild, ParentCarer, Referral
from vig_service.core.fields import GovDateField, YesNoField
from vig_service.core.govuk_forms import GovForm, GovModelForm, button_group, submit_button

SAVE_FOR_LATER = "save_for_later"


def _buttons():
    return [
        button_group(
            submit_button("Save and continue", name="continue"),
            submit_button("Save and come back later", name=SAVE_FOR_LATER, secondary=True),
        )
    ]


class QuestionForm(GovModelForm):
    """A question page. With partial=True ("save and come back later") nothing is required."""

    required_fields: tuple[str, ...] = ()
    required_messages: dict[str, str] = {}

    def __init__(self, *args, partial: bool = False, referral: Referral, **kwargs):
        super().__init__(*args, instance=referral, **kwargs)
        self.referral = referral
        self.partial = partial
        for name, field in self.fields.items():
            field.required = name in self.required_fields and not partial
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"{field.label} must be {field.max_length} characters or fewer"
                )
            if isinstance(field.widget, forms.Textarea):
                # crispy-forms-gds's character count expects this key even without a hint.
                field.widget.attrs.setdefault("aria-describedby", "")
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.layout = Layout(*self.layout_fields(), *_buttons())

    def layout_fields(self):
        return [Field(name) for name in self.Meta.fields]

    def answers(self) -> dict:
        """The cleaned answers keyed by model field, ready for the service."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def _post_clean(self):
        # Model validation happens in the service on save; a partial page would fail it here.
        pass


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


class ParentCarerForm(GovModelForm):
    """One parent or carer."""

    motivated = YesNoField(
        label="Are they motivated to take part?",
        required_message="Select yes if they are motivated to take part",
    )
    agreed_to_referral = YesNoField(
        label="Have they agreed to this referral?",
        required_message="Select yes if they have agreed to this referral",
    )

    class Meta:
        model = ParentCarer
        fields = ["name", "relationship", "phone", "email", "motivated", "agreed_to_referral"]
        widgets = {"relationship": forms.RadioSelect}
        labels = {"phone": "Phone number (optional)", "email": "Email address (optional)"}
        error_messages = {
            "name": {
                "required": "Enter the parent or carer's full name",
                "max_length": "Full name must be 150 characters or fewer",
            },
            "relationship": {"required": "Select their relationship to the child"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.org"
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relationship"].choices = self.fields["relationship"].choices[1:]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.text("phone", field_width=20),
            Field.text("email", field_width=20),
            Field.radios("motivated", legend_size=Size.SMALL, inline=True),
            Field.radios("agreed_to_referral", legend_size=Size.SMALL, inline=True),
            submit_button("Save parent or carer"),
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            self.add_error("phone", "Enter a phone number or email address to contact them")
        return cleaned

    def _post_clean(self):
        pass


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


class StatusForm(QuestionForm):
    """Legal or plan status and route in."""

    class Meta:
        model = Referral
        fields = ["plan_status", "route_in"]
        widgets = {"plan_status": forms.RadioSelect, "route_in": forms.RadioSelect}
        labels = {
            "plan_status": "What is the child's legal or plan status?",
            "route_in": "How did this request come to the service?",
        }

    required_fields = ("plan_status", "route_in")
    required_messages = {
        "plan_status": "Select the child's legal or plan status",
        "route_in": "Select how the request came to the service",
    }

    def __init__(self, *args, routes_offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_status"].choices = self.fields["plan_status"].choices[1:]
        self.fields["route_in"].choices = [
            (value, label) for value, label in RouteIn.choices if value in routes_offered
        ]

    def layout_fields(self):
        return [
            Field.radios("plan_status", legend_size=Size.SMALL),
            Field.radios("route_in", legend_size=Size.SMALL),
        ]


class ConcernsForm(QuestionForm):
    """What the family needs help with."""

    concerns = forms.MultipleChoiceField(
        label="What does the family need help with?",
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    class Meta:
        model = Referral
        fields = ["concerns"]

    required_fields = ("concerns",)
    required_messages = {"concerns": "Select at least one thing the family needs help with"}

    def layout_fields(self):
        return [Field.checkboxes("concerns", legend_size=Size.MEDIUM)]

    def answers(self):
        return {"concerns": list(self.cleaned_data.get("concerns") or [])}


class ChecksForm(QuestionForm):
    """Before you refer."""

    vig_is_right = YesNoField(
        label="Does your assessment indicate VIG is the right intervention?",
        required_message="Select yes if your assessment indicates VIG is right",
    )
    discussed_with_professionals = YesNoField(
        label="Has VIG been discussed with the other professionals working with the family?",
        required_message="Select yes if VIG has been discussed with the other professionals",
    )
    family_seen_explanation = YesNoField(
        label="Has the family seen an explanation of VIG, such as a video?",
        required_message="Select yes if the family has seen an explanation of VIG",
        help_text="They need this to give informed consent.",
    )

    class Meta:
        model = Referral
        fields = [
            "vig_is_right",
            "vig_is_right_reason",
            "discussed_with_professionals",
            "family_seen_explanation",
            "family_explanation_detail",
        ]
        labels = {
            "vig_is_right_reason": "Why is VIG the right intervention?",
            "family_explanation_detail": "How was VIG explained to them? (optional)",
        }

    required_fields = ("vig_is_right", "discussed_with_professionals", "family_seen_explanation")

    def layout_fields(self):
        return [
            Field.radios("vig_is_right", legend_size=Size.SMALL, inline=True),
            Field.textarea("vig_is_right_reason", rows=3, max_characters=1000),
            Field.radios("discussed_with_professionals", legend_size=Size.SMALL, inline=True),
            Field.radios("family_seen_explanation", legend_size=Size.SMALL, inline=True),
            Field.textarea("family_explanation_detail", rows=3, max_characters=1000),
        ]

    def clean(self):
        cleaned = super().clean()
        if (
            not self.partial
            and cleaned.get("vig_is_right")
            and not cleaned.get("vig_is_right_reason")
        ):
            self.add_error("vig_is_right_reason", "Say why VIG is the right intervention")
        return cleaned


class QuestionsForm(QuestionForm):
    """The service's three questions."""

    hoped_change_agreed = YesNoField(
        label="Has this been mutually agreed?",
        required_message="Select yes if the hoped-for change has been mutually agreed",
    )
    parent_clear_on_impact = YesNoField(
        label="Is the parent or carer clear about this?",
        required_message="Select yes if the parent or carer is clear about the impact",
    )

    class Meta:
        model = Referral
        fields = [
            "hoped_change",
            "hoped_change_agreed",
            "child_impact",
            "parent_clear_on_impact",
            "older_children_consent",
            "older_children_consent_detail",
        ]
        widgets = {"older_children_consent": forms.RadioSelect}
        labels = {
            "hoped_change": "What change is hoped for by the parent or carer from VIG?",
            "child_impact": "What impact will this have on the child's lived experience?",
            "older_children_consent": (
                "Have the children aged 12 and over given their own consent to be filmed?"
            ),
            "older_children_consent_detail": "Tell us about their consent (optional)",
        }

    required_fields = (
        "hoped_change",
        "hoped_change_agreed",
        "child_impact",
        "parent_clear_on_impact",
        "older_children_consent",
    )
    required_messages = {
        "hoped_change": "Enter the change hoped for by the parent or carer",
        "child_impact": "Enter the impact on the child's lived experience",
        "older_children_consent": "Select whether the children aged 12 and over have consented",
    }

    def __init__(self, *args, consent_needed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent_needed = consent_needed
        if not consent_needed:
            del self.fields["older_children_consent"]
            del self.fields["older_children_consent_detail"]
            self.helper.layout = Layout(*self.layout_fields(), *_buttons())
        else:
            self.fields["older_children_consent"].choices = self.fields[
                "older_children_consent"
            ].choices[1:]

    def layout_fields(self):
        fields = [
            Field.textarea("hoped_change", rows=4, max_characters=2000),
            Field.radios("hoped_change_agreed", legend_size=Size.SMALL, inline=True),
            Field.textarea("child_impact", rows=4, max_characters=2000),
            Field.radios("parent_clear_on_impact", legend_size=Size.SMALL, inline=True),
        ]
        if getattr(self, "consent_needed", True) and "older_children_consent" in self.fields:
            fields += [
                Field.radios("older_children_consent", legend_size=Size.SMALL),
                Field.textarea("older_children_consent_detail", rows=3, max_characters=1000),
            ]
        return fields

    def answers(self):
        return {name: self.cleaned_data.get(name) for name in self.fields}


class PrfqForm(QuestionForm):
    """The optional Parental Reflective Functioning Questionnaire."""

    prfq_completed = YesNoField(
        label="Has the parent or carer completed a PRFQ?",
        required_message="Select yes if the parent or carer has completed a PRFQ",
        help_text="Optional, but it helps when you or the family are not sure VIG is right.",
    )
    prfq_date = GovDateField(
        subject="the date the PRFQ was completed",
        label="Date completed",
        required=False,
        not_in_future="The date the PRFQ was completed must be in the past",
    )

    class Meta:
        model = Referral
        fields = [
            "prfq_completed",
            "prfq_version",
            "prfq_pre_mentalizing",
            "prfq_certainty",
            "prfq_interest",
            "prfq_date",
        ]
        widgets = {"prfq_version": forms.RadioSelect}
        labels = {
            "prfq_version": "Which version?",
            "prfq_pre_mentalizing": "Pre-mentalizing score",
            "prfq_certainty": "Certainty about mental states score",
            "prfq_interest": "Interest and curiosity score",
        }

    required_fields = ("prfq_completed",)
    SCORES = ("prfq_pre_mentalizing", "prfq_certainty", "prfq_interest")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prfq_version"].choices = PrfqVersion.choices
        for name in self.SCORES:
            field = self.fields[name]
            field.help_text = "The subscale's mean score, from 1 to 7"
            field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
            label = field.label.removesuffix(" score").lower()
            field.error_messages.update(
                {
                    "invalid": f"Enter the {label} score as a number, like 3.5",
                    "min_value": f"The {label} score must be between 1 and 7",
                    "max_value": f"The {label} score must be between 1 and 7",
                    "max_digits": f"The {label} score must be between 1 and 7",
                    "max_decimal_places": f"Enter the {label} score with up to 2 decimal places",
                }
            )

    def layout_fields(self):
        return [
            Field.radios("prfq_completed", legend_size=Size.MEDIUM, inline=True),
            Fieldset(
                Field.radios("prfq_version", legend_size=Size.SMALL),
                *[Field.text(name, field_width=4) for name in self.SCORES],
                Field("prfq_date"),
                legend="If a PRFQ has been completed",
                legend_size=Size.SMALL,
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("prfq_completed") and not self.partial:
            if not cleaned.get("prfq_version"):
                self.add_error("prfq_version", "Select which version of the PRFQ was used")
            for name in self.SCORES:
                if cleaned.get(name) is None and name not in self.errors:
                    label = self.fields[name].label.removesuffix(" score").lower()
                    self.add_error(name, f"Enter the {label} score")
            if not cleaned.get("prfq_date") and "prfq_date" not in self.errors:
                self.add_error("prfq_date", "Enter the date the PRFQ was completed")
        prfq_date = cleaned.get("prfq_date")
        born = self.referral.child_date_of_birth
        if isinstance(prfq_date, date) and born and prfq_date < born:
            self.add_error(
                "prfq_date",
                "The date the PRFQ was completed must be on or after the child's date of birth",
            )
        if cleaned.get("prfq_completed") and not self.errors:
            problem = rules.prfq_version_problem(
                version=cleaned.get("prfq_version") or "",
                date_of_birth=born,
                completed_on=prfq_date,
            )
            if problem:
                self.add_error("prfq_version", problem)
        if cleaned.get("prfq_completed") is False:
            # Answers to a questionnaire that was not done would only mislead.
            for name in ("prfq_version", "prfq_date", *self.SCORES):
                cleaned[name] = "" if name == "prfq_version" else None
        return cleaned


class InformationForm(GovForm):
    """The referrer's answer to a request for more information."""

    answer = forms.CharField(
        label="Your answer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": ""}),
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 2000 characters or fewer",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "version",
            Field.textarea("answer", max_characters=2000),
            submit_button("Send answer"),
        )

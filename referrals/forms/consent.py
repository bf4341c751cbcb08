"""Consent and eligibility: the checks before referring, the service's questions, the PRFQ."""

from datetime import date

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from referrals import rules
from referrals.choices import PrfqVersion
from referrals.forms._common import QuestionForm, _buttons
from referrals.models import Referral
from vig_service.core.fields import GovDateField, YesNoField


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

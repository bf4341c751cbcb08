"""Contracting forms: a contact, the written contract, a consent and its withdrawal."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from cases.forms._common import CaseForm, _long_date, _past_date, _text, _textarea
from cases.models import Consent, Contact
from vig_service.core.fields import choose_one


class ContactForm(CaseForm):
    """A contact with the family during contracting."""

    happened_on = _past_date(
        "the date of the contact", "Date of the contact", "The date of the contact"
    )
    kind = choose_one(
        "Type of contact", "Select the type of contact", choices=Contact.Kind.choices
    )
    attendees = _text("Who attended", required_message="Enter who attended", max_length=300)
    notes = _textarea("Notes (optional)", required=False)
    submit_label = "Add contact"

    def layout_fields(self):
        return [
            Field("happened_on"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("attendees"),
            Field.textarea("notes"),
        ]


class ContractForm(CaseForm):
    """The date the written contract was agreed."""

    agreed_on = _past_date(
        "the date the written contract was agreed",
        "Date the written contract was agreed",
        "The date the contract was agreed",
    )
    submit_label = "Save the contract date"


# The "who gave it" answer for a parent, carer or other adult.
ADULT = "adult"


class ConsentForm(CaseForm):
    """A consent: to be filmed, for a professional to attend reviews, or for clips to be shown."""

    kind = choose_one(
        "What is the consent for?", "Select what the consent is for", choices=Consent.Kind.choices
    )
    given_by = _text(
        "Who gave the consent",
        required_message="Enter who gave the consent",
        max_length=150,
        help_text="Each adult, and each child aged 12 or over, gives their own consent.",
    )
    child = forms.ChoiceField(
        label="Was it given by a child?",
        required=False,
        widget=forms.RadioSelect,
        help_text="A child of 12 or over who is filmed gives their own consent.",
        error_messages={"invalid_choice": "Select who gave the consent from the list"},
    )
    named_person = _text(
        "The named professional or person",
        max_length=150,
        required=False,
        help_text=(
            "Needed when the consent is for a professional to attend shared reviews or for "
            "clips to be shown. For example, Sam Trewin, social worker."
        ),
    )
    given_on = _past_date(
        "the date the consent was given", "Date given", "The date the consent was given"
    )
    submit_label = "Add consent"

    def __init__(self, *args, children=(), **kwargs):
        self.children = list(children)
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        # The family's children come from the referral: the child referred, then the
        # household's children, each a choice so the consent says which child gave it.
        self.fields["child"].choices = [(ADULT, "No, an adult gave it")] + [
            (key, f"Yes, {name}") for key, name in self.children
        ]
        self.fields["child"].initial = ADULT

    def clean_child(self):
        return self.cleaned_data.get("child") or ADULT

    def layout_fields(self):
        return [
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("given_by"),
            Field.radios("child", legend_size=Size.SMALL, small=True),
            Field.text("named_person"),
            Field("given_on"),
        ]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Consent.Kind.FILMING:
            cleaned["named_person"] = ""
        elif kind and not cleaned.get("named_person") and "named_person" not in self.errors:
            self.add_error(
                "named_person", "Enter the name of the professional or person the consent is for"
            )
        return cleaned


class WithdrawConsentForm(CaseForm):
    """The date a consent was withdrawn."""

    withdrawn_on = _past_date(
        "the date the consent was withdrawn",
        "Date withdrawn",
        "The date the consent was withdrawn",
    )
    submit_label = "Withdraw consent"
    warning = True

    def __init__(self, *args, consent: Consent, **kwargs):
        self.consent = consent
        super().__init__(*args, **kwargs)

    def clean_withdrawn_on(self):
        day = self.cleaned_data.get("withdrawn_on")
        if day and day < self.consent.given_on:
            raise forms.ValidationError(
                "The date the consent was withdrawn must be on or after the date it was given "
                f"({_long_date(self.consent.given_on)})"
            )
        return day

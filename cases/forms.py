"""Forms for the case pages, laid out with crispy-forms-gds; field validation only."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from cases import rules
from cases.models import ClosureReason, Consent, Contact, HelpingQuestion
from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import GovForm, submit_button

DATE_HINT = "For example, 27 3 2026"
WHOLE_NUMBER = re.compile(r"^\d{1,2}$")


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _date(subject: str, label: str, **kwargs) -> GovDateField:
    return GovDateField(subject=subject, label=label, help_text=DATE_HINT, **kwargs)


def _past_date(subject: str, label: str, what: str, **kwargs) -> GovDateField:
    """A date that happened: `what` names it in the message for a date after today."""
    return _date(subject, label, not_in_future=f"{what} must be today or in the past", **kwargs)


def _text(label, *, required_message="", max_length, help_text="", required=True):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _textarea(label, *, required_message="", max_length=4000, help_text="", required=True):
    field = _text(
        label,
        required_message=required_message,
        max_length=max_length,
        help_text=help_text,
        required=required,
    )
    # crispy-forms-gds expects the key even without a hint.
    field.widget = forms.Textarea(attrs={"rows": 5, "aria-describedby": ""})
    return field


class RatingField(forms.Field):
    """A helping-question rating typed as a whole number from 0 to 10 ("7.5" and "11" refused)."""

    widget = forms.TextInput

    def __init__(self, *, required_message: str, **kwargs):
        super().__init__(error_messages={"required": required_message}, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if isinstance(value, str) and WHOLE_NUMBER.match(value):
            value = int(value)
        if not rules.is_valid_rating(value):
            raise forms.ValidationError(rules.RATING_MESSAGE)
        return value


class CaseForm(GovForm):
    """A form on a case page: text trimmed, HTML refused, one submit button."""

    submit_label = "Save"
    warning = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prepare_fields()
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.layout_fields(), submit_button(self.submit_label, warning=self.warning)
        )

    def prepare_fields(self):
        """Add or remove fields that depend on the case, before the layout is built."""

    def layout_fields(self):
        return list(self.fields)


class ContactForm(CaseForm):
    """A contact with the family during contracting."""

    happened_on = _past_date(
        "the date of the contact", "Date of the contact", "The date of the contact"
    )
    kind = forms.ChoiceField(
        label="Type of contact",
        choices=Contact.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of contact",
            "invalid_choice": "Select the type of contact",
        },
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

    kind = forms.ChoiceField(
        label="What is the consent for?",
        choices=Consent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the consent is for",
            "invalid_choice": "Select what the consent is for",
        },
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


class HelpingQuestionForm(CaseForm):
    """A helping question with its baseline rating."""

    owner = forms.ChoiceField(
        label="Whose question is it?",
        choices=HelpingQuestion.Owner.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whose question it is",
            "invalid_choice": "Select whose question it is",
        },
    )
    wording = _text(
        "The helping question",
        required_message="Enter the helping question",
        max_length=300,
        help_text="In the family's own words. For example, How can I help her settle at bedtime?",
    )
    set_on = _past_date(
        "the date the question was set", "Date set", "The date the question was set"
    )
    baseline = RatingField(
        label="Baseline rating",
        required_message="Enter the baseline rating, from 0 to 10",
        help_text="A whole number from 0 to 10, as the family rates it today.",
    )
    submit_label = "Add helping question"

    def layout_fields(self):
        return [
            Field.radios("owner", legend_size=Size.SMALL),
            Field.text("wording"),
            Field("set_on"),
            Field.text("baseline", field_width=2),
        ]


class TrajectHeadingAddForm(CaseForm):
    """A heading of the family's own for the traject plan."""

    title = _text("Heading", required_message="Enter the heading", max_length=80)
    submit_label = "Add heading"


class TrajectHeadingForm(CaseForm):
    """One traject plan heading; carries the revision it was loaded at."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    title = _text("Heading", required_message="Enter the heading", max_length=80)
    changes_made = _textarea("Changes made", required=False)
    changes_hoped_for = _textarea("Changes hoped for", required=False)
    submit_label = "Save heading"

    def layout_fields(self):
        return [
            "revision",
            Field.text("title"),
            Field.textarea("changes_made"),
            Field.textarea("changes_hoped_for"),
        ]


class CloseForm(CaseForm):
    """Closing a case: date, reason, a final rating for each helping question, the outcome."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = _past_date(
        "the date the case closed", "Date the case closed", "The date the case closed"
    )
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select why the case is closing",
            "invalid_choice": "Select why the case is closing",
        },
    )
    outcome_summary = _textarea(
        "Outcome summary", required_message="Enter a summary of the outcome"
    )
    submit_label = "Close the case"
    warning = True

    def __init__(self, *args, case, questions, **kwargs):
        self.case = case
        self.questions = list(questions)
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [
            "version",
            Field("closed_on"),
            Field.radios("reason", legend_size=Size.SMALL),
            *[Field.text(self.rating_name(q), field_width=2) for q in self.questions],
            Field.textarea("outcome_summary"),
        ]

    def prepare_fields(self):
        for question in self.questions:
            self.fields[self.rating_name(question)] = RatingField(
                # crispy-forms-gds marks labels safe: the family's own words are escaped here.
                label=format_html("Final rating for “{}”", question.wording),
                required_message=f"Enter a final rating for “{question.wording}”",
                help_text="A whole number from 0 to 10.",
            )

    @staticmethod
    def rating_name(question) -> str:
        return f"rating_{question.pk}"

    def clean_closed_on(self):
        day = self.cleaned_data.get("closed_on")
        if day and day < self.case.opened_on:
            raise forms.ValidationError(
                "The date the case closed must be on or after the date it opened "
                f"({_long_date(self.case.opened_on)})"
            )
        return day

    def final_ratings(self) -> dict[int, int]:
        """The final ratings keyed by question id, for the service."""
        return {q.pk: self.cleaned_data[self.rating_name(q)] for q in self.questions}


class FootageForm(CaseForm):
    """Where the family's footage is kept and, once the case is closed, when it was deleted."""

    footage_location = _text(
        "Where the footage is kept",
        max_length=200,
        required=False,
        help_text="For example, the encrypted team laptop, or the family's own device.",
    )
    footage_deleted_on = _past_date(
        "the date the footage was deleted",
        "Date the footage was deleted",
        "The date the footage was deleted",
        required=False,
    )
    submit_label = "Save footage details"

    def __init__(self, *args, case, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)

    def prepare_fields(self):
        # The deletion date can only be recorded once the case is closed.
        if self.case.status != self.case.Status.CLOSED:
            del self.fields["footage_deleted_on"]

    def layout_fields(self):
        fields = [Field.text("footage_location")]
        if "footage_deleted_on" in self.fields:
            fields.append(Field("footage_deleted_on"))
        return fields

    def clean_footage_deleted_on(self):
        day = self.cleaned_data.get("footage_deleted_on")
        if day and self.case.closed_on and day < self.case.closed_on:
            raise forms.ValidationError(
                "The date the footage was deleted must be on or after the date the case "
                f"closed ({_long_date(self.case.closed_on)})"
            )
        return day


class ExtensionForm(CaseForm):
    """A manager's extension: the reason, a new cycle limit and a new end date."""

    reason = _textarea("Reason for the extension", required_message="Enter the reason")
    cycle_limit = forms.IntegerField(
        label="New cycle limit",
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the new cycle limit",
            "invalid": "Enter the new cycle limit as a whole number, like 8",
            "min_value": "The new cycle limit must be 1 or more",
            "max_value": "The new cycle limit must be 50 or fewer",
        },
    )
    ends_on = _date("the new end date", "New end date")
    # The waiting request the page showed (0: none), so a decision on a stale page is refused.
    request = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    submit_label = "Grant the extension"

    def __init__(self, *args, limit: rules.Limit, **kwargs):
        self.limit = limit
        super().__init__(*args, **kwargs)

    def layout_fields(self):
        return [
            "request",
            Field.textarea("reason"),
            Field.text("cycle_limit", field_width=3),
            "ends_on",
        ]

    def request_id(self) -> int | None:
        """The id of the request the page was deciding, or None when it showed none."""
        return self.cleaned_data.get("request") or None

    def clean_cycle_limit(self):
        value = self.cleaned_data.get("cycle_limit")
        if value is not None and value <= self.limit.cycles:
            raise forms.ValidationError(
                f"The new cycle limit must be more than the current limit of {self.limit.cycles}"
            )
        return value

    def clean_ends_on(self):
        day = self.cleaned_data.get("ends_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError("The new end date must be today or in the future")
        return day


class ExtensionRequestForm(CaseForm):
    """A guider or coordinator asks a manager to extend the case's limit, saying why."""

    reason = _textarea(
        "Why does the case need an extension?",
        required_message="Enter why the case needs an extension",
        max_length=2000,
        help_text="A manager reads this to decide. Do not include the family's names.",
    )
    submit_label = "Ask for an extension"

    def layout_fields(self):
        return [Field.textarea("reason")]


class RefuseExtensionForm(CaseForm):
    """A manager refuses a waiting extension request, saying why."""

    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = _textarea(
        "Why is the extension refused?",
        required_message="Enter why the extension is refused",
        max_length=2000,
        help_text="The guider is told the request was refused and reads this on the case.",
    )
    submit_label = "Refuse the extension"
    warning = True

    def layout_fields(self):
        return ["request", Field.textarea("reason")]


class ReassignForm(CaseForm):
    """A coordinator moves the case to another guider, saying why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    guider = forms.TypedChoiceField(
        label="Choose the new guider",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the guider to reassign the case to",
            "invalid_choice": "Select the guider to reassign the case to, from the list",
        },
    )
    reason = forms.CharField(
        label="Why is the case being reassigned?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "aria-describedby": ""}),
        error_messages={
            "required": "Enter the reason for reassigning the case",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )
    submit_label = "Reassign the case"

    def __init__(self, *args, case, loads, **kwargs):
        self.case, self.loads = case, loads
        super().__init__(*args, initial={"version": case.version}, **kwargs)

    def prepare_fields(self):
        self.fields["guider"].choices = [
            (
                load.guider.pk,
                f"{load.guider.full_name} – {load.open_cases} of {load.capacity} open cases",
            )
            for load in self.loads
            if load.guider.pk != self.case.guider_id
        ]

    def layout_fields(self):
        return [
            "version",
            Field.radios("guider", legend_size=Size.SMALL),
            Field.textarea("reason"),
        ]

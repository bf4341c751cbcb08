"""Family link forms: the guider's new link, the family's date-of-birth check, the
questionnaire's questions (one a page), and the link settings."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from family.models import Helpfulness, LinkPurpose, Recommend
from vig_service.core.fields import GovDateField, choose_one, whole_number
from vig_service.core.forms import SettingsSectionForm
from vig_service.core.govuk_forms import GovForm, submit_button

HOW_SENT = [
    ("email", "By email: the service sends it"),
    ("copy", "I will copy it into a text message or email myself"),
]
TEXT = ("text", "By text message: the service sends it")
MOBILE_MESSAGE = "Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982"


def uk_mobile(value: str) -> str:
    """A UK mobile number as Notify takes it (07…), from the ways people write one."""
    digits = "".join(ch for ch in value if ch.isdigit() or ch == "+")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    elif digits.startswith("44") and len(digits) == 12:
        digits = "0" + digits[2:]
    if not (len(digits) == 11 and digits.startswith("07") and digits.isdigit()):
        raise forms.ValidationError(MOBILE_MESSAGE)
    return digits


class LinkForm(GovForm):
    """Who a new link is for, and how it reaches them."""

    for_whom = forms.CharField(
        label="Who is the link for?",
        max_length=100,
        help_text="For example, Mum, or Sarah. Each parent who answers has their own link.",
        error_messages={
            "required": "Enter who the link is for, like Mum or Sarah",
            "max_length": "Who the link is for must be 100 characters or fewer",
        },
    )
    how = choose_one(
        "How will it reach them?", "Select how the link will reach them", choices=HOW_SENT
    )
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        required=False,
        help_text="Only if the service sends it by email.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )

    mobile = forms.CharField(
        label="Their mobile number",
        max_length=30,
        required=False,
        help_text="Only if the service sends it by text message.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={"max_length": MOBILE_MESSAGE},
    )

    def __init__(self, *args, purpose: str, texts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        if texts:
            self.fields["how"].choices = [HOW_SENT[0], TEXT, HOW_SENT[1]]
        else:
            del self.fields["mobile"]
        label = "Make the link" if purpose == LinkPurpose.PAGE else "Make the feedback link"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("for_whom", field_width=20),
            Field.radios("how", legend_size=Size.SMALL),
            Field.text("email", field_width=30),
            *([Field.text("mobile", field_width=20)] if texts else []),
            submit_button(label),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("how") == "email" and not cleaned.get("email"):
            self.add_error("email", "Enter their email address, or choose to copy the link")
        if cleaned.get("how") == "text":
            try:
                cleaned["mobile"] = uk_mobile(cleaned.get("mobile") or "")
            except forms.ValidationError as error:
                self.add_error("mobile", error)
        else:
            cleaned["mobile"] = ""
        if cleaned.get("how") != "email":
            cleaned["email"] = ""
        return cleaned


class DateOfBirthForm(GovForm):
    """The family's check: the child's date of birth, before anything about the child shows."""

    date_of_birth = GovDateField(
        subject="your child's date of birth",
        label="What is your child's date of birth?",
        help_text="For example, 27 3 2022",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field("date_of_birth", legend_size=Size.LARGE, legend_tag="h1"),
            submit_button("Continue"),
        )


class _Question(GovForm):
    """One question of the questionnaire, its heading the page's h1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        (name,) = self.fields
        self.helper = FormHelper()
        field = self.fields[name]
        if isinstance(field.widget, forms.RadioSelect):
            shown = Field.radios(name, legend_size=Size.LARGE, legend_tag="h1")
        else:
            shown = Field.textarea(name, label_size=Size.LARGE, label_tag="h1", rows=5)
        self.helper.layout = Layout(shown, submit_button("Continue"))


def _free_text(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        help_text=hint,
        widget=forms.Textarea,
        error_messages={"max_length": "Your answer must be 2,000 characters or fewer"},
    )


class HelpfulnessForm(_Question):
    helpfulness = choose_one(
        "How helpful was VIG for you and your family?",
        "Select how helpful VIG was",
        choices=Helpfulness.choices,
    )


class WhatChangedForm(_Question):
    what_changed = _free_text(
        "What has changed for you and your child?",
        "You can leave this empty if you prefer not to say.",
    )


class CouldBeBetterForm(_Question):
    could_be_better = _free_text(
        "What could we do better?", "You can leave this empty if you prefer not to say."
    )


class RecommendForm(_Question):
    recommend = choose_one(
        "Would you recommend VIG to another family?",
        "Select whether you would recommend VIG",
        choices=Recommend.choices,
    )


# The questionnaire's pages in order: (slug in the address, form).
QUESTIONS = (
    ("helpful", HelpfulnessForm),
    ("what-changed", WhatChangedForm),
    ("better", CouldBeBetterForm),
    ("recommend", RecommendForm),
)


class _ButtonForm(GovForm):
    """A form that is only its button: the page says what pressing it does."""

    button = ("", False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label, warning = self.button
        self.helper = FormHelper()
        self.helper.layout = Layout(submit_button(label, warning=warning))


class WithdrawForm(_ButtonForm):
    button = ("Withdraw this consent", True)


class SendForm(_ButtonForm):
    button = ("Send your answers", False)


class FamilySettingsForm(SettingsSectionForm, GovForm):
    """How long each kind of link lasts."""

    page_link_days = whole_number(
        "Days a family page link lasts", low=1, high=365, subject="number of days", example="28"
    )
    feedback_link_days = whole_number(
        "Days a feedback link lasts", low=1, high=90, subject="number of days", example="14"
    )
    section_fields = ("page_link_days", "feedback_link_days")

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, section=section, **kwargs)
        for name in self.section_fields:
            self.fields[name].initial = getattr(section, name)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "loaded_at",
            Field.text("page_link_days", field_width=3, label_size=Size.SMALL),
            Field.text("feedback_link_days", field_width=3, label_size=Size.SMALL),
            submit_button("Save family link settings"),
        )

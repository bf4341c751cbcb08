"""Form fields in GOV.UK style shared by the apps."""

from datetime import date

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class GovDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with errors that name the date."""

    def __init__(
        self,
        *,
        subject: str,
        years: tuple[int, int] | None = None,
        not_in_future: str | None = None,
        **kwargs,
    ):
        # subject completes "Enter …": e.g. "the child's date of birth"
        self.subject = subject
        # (first, last) year accepted, for dates whose range is known (a report's dates).
        self.years = years
        # The message for a date after today, for dates that can only be in the past.
        self.not_in_future = not_in_future
        super().__init__(**kwargs)
        self.label = kwargs.get("label")
        self.error_messages["required"] = f"Enter {subject}"
        self.error_messages["incomplete"] = f"{self._name()} must include a day, month and year"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            # Blank-looking parts (spaces) get here past the required check: refuse them too.
            if any((day, month, year)):
                raise ValidationError(self.error_messages["incomplete"])
            if self.required:
                raise ValidationError(self.error_messages["required"])
            return None
        if len(str(year)) != 4:
            raise ValidationError(f"{self._name()} must include a year with 4 numbers")
        try:
            chosen = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # OverflowError: a day like 99999999999999999999
            raise ValidationError(f"{self._name()} must be a real date") from None
        if self.years and not self.years[0] <= chosen.year <= self.years[1]:
            first, last = self.years
            raise ValidationError(f"Year must be between {first} and {last}")
        if self.not_in_future and chosen > timezone.localdate():
            raise ValidationError(self.not_in_future)
        return chosen

    def _name(self) -> str:
        # The visible label names the date in messages, as the GOV.UK pattern does.
        name = str(self.label or self.subject)
        return name[0].upper() + name[1:]


class YesNoField(forms.TypedChoiceField):
    """Yes or No radios giving True or False."""

    def __init__(self, *, label: str, required_message: str, **kwargs):
        super().__init__(
            label=label,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages={"required": required_message},
            **kwargs,
        )

    def prepare_value(self, value):
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


# GOV.UK asks for a text input with a numeric keypad, not type="number".
NUMBER_INPUT = {"inputmode": "numeric", "spellcheck": "false"}


def whole_number(
    label: str,
    *,
    low: int,
    high: int,
    help_text: str = "",
    subject: str = "",
    example: str = "",
    name: str = "",
) -> forms.IntegerField:
    """A whole number from `low` to `high`, as a GOV.UK text input with messages that name it."""
    # subject completes "Enter the …"; name starts "… must be 1 or more" (the label by default).
    subject = subject or label.lower()
    name = name or label
    like = f", like {example}" if example else ""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs=NUMBER_INPUT),
        error_messages={
            "required": f"Enter the {subject}",
            "invalid": f"Enter the {subject} as a whole number{like}",
            "min_value": f"{name} must be {low} or more",
            "max_value": f"{name} must be {high} or fewer",
        },
    )


def choose_one(
    label: str,
    message: str,
    *,
    choices=(),
    coerce=None,
    invalid: str = "",
    required: bool = True,
    help_text: str = "",
) -> forms.ChoiceField:
    """GOV.UK radios for one choice: `message` when none is chosen, and for one not offered."""
    typed = {"coerce": coerce, "empty_value": None} if coerce else {}
    return (forms.TypedChoiceField if coerce else forms.ChoiceField)(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": invalid or message},
        **typed,
    )


def choose_many(
    label: str,
    *,
    invalid: str,
    message: str = "",
    choices=(),
    coerce=None,
    help_text: str = "",
) -> forms.MultipleChoiceField:
    """GOV.UK checkboxes; a `message` makes a choice required, `invalid` names a bad one."""
    typed = {"coerce": coerce} if coerce else {}
    return (forms.TypedMultipleChoiceField if coerce else forms.MultipleChoiceField)(
        label=label,
        choices=choices,
        required=bool(message),
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": message, "invalid_choice": invalid},
        **typed,
    )

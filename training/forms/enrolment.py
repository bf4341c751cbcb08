"""Enrolment forms: enrol someone, withdraw them from the course or its waiting list."""

from crispy_forms_gds.layout import Field
from django import forms

from training.forms._common import _Form, _line, _text


class EnrolmentForm(_Form):
    """A participant: they need not be a user of the system."""

    full_name = _line("Full name", max_length=150, required_message="Enter the person's full name")
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    profession = _line(
        "Profession",
        max_length=120,
        required_message="Enter the person's profession",
        help_text="For example health visitor, social worker or family support worker",
    )
    organisation = _line(
        "Organisation", max_length=150, required_message="Enter the person's organisation"
    )
    submit_label = "Enrol"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.build_helper()

    def layout_fields(self):
        return [
            Field.text("full_name"),
            Field.text("email"),
            Field.text("profession"),
            Field.text("organisation"),
        ]


class WithdrawForm(_Form):
    """Withdraw someone from a course or its waiting list."""

    reason = _text("Reason (optional)", max_length=500)
    submit_label = "Withdraw"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()

    def layout_fields(self):
        return [Field.textarea("reason", rows=3)]

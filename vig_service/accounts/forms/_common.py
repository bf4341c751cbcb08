"""Fields and helpers the account forms share: addresses, team names, a person's details."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms

from vig_service.accounts.models import NON_ASCII_EMAIL, Profession, Team, User
from vig_service.core.govuk_forms import GovForm, submit_button


class EmailAddressField(forms.EmailField):
    """An e-mail address, put in the one normalised form before it is checked or used."""

    def to_python(self, value):
        return User.objects.normalize_email(super().to_python(value))


def _new_address(value: str) -> str:
    """A new account's address in the normalised form, refused unless it is plain a to z."""
    email = User.objects.normalize_email(value)
    if not email.isascii():
        raise forms.ValidationError(NON_ASCII_EMAIL)
    return email


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, submit_button(submit))
    return helper


TEAM_NAME_MAX_LENGTH = Team._meta.get_field("name").max_length


class TeamNameField(forms.CharField):
    """A team's name in plain words: spaces trimmed and collapsed, no markup, not too long.

    The cleaned value is the existing team's own spelling when the name matches one in any
    case, so "  bodmin HEALTH visiting " and "Bodmin Health Visiting" are the same team.
    """

    def __init__(self, *, label: str, name_label: str = "", **kwargs):
        super().__init__(label=label, **kwargs)
        self.name_label = name_label or label

    def to_python(self, value):
        return " ".join(super().to_python(value).split())

    def validate(self, value):
        super().validate(value)
        if len(value) > TEAM_NAME_MAX_LENGTH:
            raise forms.ValidationError(
                f"{self.name_label} must be {TEAM_NAME_MAX_LENGTH} characters or fewer"
            )
        if any(char in value for char in "<>{}") or any(not c.isprintable() for c in value):
            raise forms.ValidationError(
                f"{self.name_label} must only contain letters, numbers, spaces and "
                "punctuation, not < > { or }"
            )

    def clean(self, value):
        value = super().clean(value)
        team = Team.objects.filter(name__iexact=value).first() if value else None
        return team.name if team else value


class _PersonFields(GovForm):
    """Name, profession and team, as asked of every new user."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name"},
    )
    profession = forms.ChoiceField(
        choices=Profession.choices,
        error_messages={"required": "Select a profession"},
    )

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if "<" in name or ">" in name:
            raise forms.ValidationError("Full name must not contain < or >")
        return name

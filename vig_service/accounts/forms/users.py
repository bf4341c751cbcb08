"""User administration: invitations, a user's details and roles, team requests, search."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from vig_service.accounts.forms._common import (
    EmailAddressField,
    TeamNameField,
    _helper,
    _new_address,
    _PersonFields,
)
from vig_service.accounts.models import Profession, Team, User
from vig_service.accounts.roles import ROLE_DESCRIPTIONS, Role
from vig_service.core.govuk_forms import GovForm
from vig_service.core.query import QueryForm


class TeamRequestDecisionForm(GovForm):
    """An administrator's answer to a referrer's request to join a team."""

    APPROVE, REFUSE = "approve", "refuse"

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (REFUSE, "Refuse")],
        error_messages={
            "required": "Select approve or refuse",
            "invalid_choice": "Select approve or refuse",
        },
    )


class RolesField(forms.TypedMultipleChoiceField):
    """Check boxes for the roles, each with a line saying what it allows."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=Role.choices,
            coerce=Role,
            label="Roles",
            help_text="Select all that apply.",
            error_messages={"required": "Select at least one role"},
            **kwargs,
        )


class _UserFormBase(_PersonFields):
    team = forms.ModelChoiceField(
        queryset=Team.objects.all(),
        required=False,
        label="Team",
        empty_label="No team",
    )
    new_team = TeamNameField(
        label="Or add a new team",
        name_label="The new team's name",
        required=False,
        help_text="Leave blank to use the team chosen above.",
    )
    roles = RolesField()

    def _layout(self, *fields, submit):
        self.helper = _helper(
            Field.text("full_name"),
            *fields,
            Field.select("profession"),
            Field.select("team"),
            Field.text("new_team"),
            Field.checkboxes("roles", legend_size=Size.MEDIUM),
            submit=submit,
        )
        self.role_descriptions = ROLE_DESCRIPTIONS

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_team") and cleaned.get("team"):
            self.add_error("new_team", "Choose a team or add a new one, not both")
        return cleaned


class InviteUserForm(_UserFormBase):
    """An administrator invites a person and gives them roles."""

    email = EmailAddressField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profession"].choices = [("", "Choose a profession"), *Profession.choices]
        self._layout(Field.text("email"), submit="Send invitation")

    def clean_email(self):
        email = _new_address(self.cleaned_data["email"])
        if User.objects.by_email(email).exists():
            raise forms.ValidationError("A user with this email address already exists")
        return email


class EditUserForm(_UserFormBase):
    """An administrator changes a user's details, roles and whether they may log in."""

    is_active = forms.TypedChoiceField(
        label="Can this person log in?",
        choices=[("yes", "Yes"), ("no", "No, deactivate the account")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    supervisor = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Personal supervisor",
        empty_label="No supervisor",
        help_text="For guiders: the accredited VIG supervisor who supervises them.",
    )

    def __init__(self, *args, user: User, editor: User, **kwargs):
        initial = {
            "supervisor": user.supervisor_id,
            "full_name": user.full_name,
            "profession": user.profession,
            "team": user.team_id,
            "roles": [role.value for role in user.roles],
            "is_active": "yes" if user.is_active else "no",
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.user, self.editor = user, editor
        self.fields["profession"].choices = [("", "Choose a profession"), *Profession.choices]
        self.fields["supervisor"].queryset = User.objects.filter(
            groups__name=Role.SUPERVISOR, is_active=True
        ).exclude(pk=user.pk)
        self._layout(submit="Save changes")
        self.helper.layout.insert(-1, Field.select("supervisor"))
        self.helper.layout.insert(-1, Field.radios("is_active", legend_size=Size.MEDIUM))

    def clean(self):
        cleaned = super().clean()
        if self.user == self.editor:
            if "roles" in cleaned and Role.ADMINISTRATOR not in cleaned["roles"]:
                self.add_error("roles", "You cannot remove your own administrator role")
            if cleaned.get("is_active") is False:
                self.add_error("is_active", "You cannot deactivate your own account")
        return cleaned


class UserSearchForm(QueryForm):
    """The Users page's search by name or e-mail address, and its role filter."""

    q = forms.CharField(label="Name or email", required=False)
    role = forms.CharField(label="Role", required=False)

    def clean_q(self):
        # A search longer than any name or address cannot match: the first 100 are enough.
        return self.cleaned_data["q"].strip()[:100]

    def clean_role(self):
        # An unknown role is ignored rather than refused: the list shows everyone.
        role = self.cleaned_data["role"]
        return role if role in Role.values else ""

"""Account forms, laid out with crispy-forms-gds in GOV.UK style."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from vig_service.accounts.models import NON_ASCII_EMAIL, Profession, Team, User
from vig_service.accounts.roles import ROLE_DESCRIPTIONS, Role
from vig_service.core.govuk_forms import GovForm, GovFormMixin, submit_button
from vig_service.core.models import ServiceConfiguration
from vig_service.core.query import QueryForm

PASSWORD_HINT = (
    "Between 12 and 128 characters. Avoid common passwords and your own name or email address."
)


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


class LoginForm(GovFormMixin, auth_forms.AuthenticationForm):
    """Email and password. The error never says whether the account exists."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.helper = _helper(Field.text("username"), Field.text("password"), submit="Sign in")


class PasswordResetForm(GovFormMixin, auth_forms.PasswordResetForm):
    """Ask for a reset link; the page that follows is the same for every address."""

    email = EmailAddressField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.helper = _helper(Field.text("email"), submit="Send link")

    def get_users(self, email):
        """The account with this address in the normalised form; else a stand-in (send_mail)."""
        users = [
            user
            for user in User.objects.by_email(email).filter(is_active=True)
            if user.has_usable_password()
        ]
        return users or [User(email=email)]

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """Send the link, except to a stand-in: then prepare the same e-mail and drop it.

        The work is the same either way, so the response time does not tell whether an
        account exists.
        """
        if context["user"].pk is not None:
            return super().send_mail(
                subject_template_name, email_template_name, context, *args, **kwargs
            )
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, None, [context["email"]]).message()
        return None


class _NewPasswordChecks:
    """The password rules' errors sit by the new password, not its confirmation (GOV.UK)."""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        # Skip Django's SetPasswordForm.clean, which would check the confirmation field again.
        return super(auth_forms.SetPasswordForm, self).clean()


class SetPasswordForm(GovFormMixin, _NewPasswordChecks, auth_forms.SetPasswordForm):
    """Choose a password (reset, invitation or sign-up link)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.helper = _helper(
            Field.text("new_password1"), Field.text("new_password2"), submit="Save password"
        )


class PasswordChangeForm(GovFormMixin, _NewPasswordChecks, auth_forms.PasswordChangeForm):
    """Change your own password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = PASSWORD_HINT
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.helper = _helper(
            Field.text("old_password"),
            Field.text("new_password1"),
            Field.text("new_password2"),
            submit="Change password",
        )


class SecondFactorCodeForm(GovForm):
    """The code step: a code from the authenticator app, or a backup code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.helper = _helper(Field.text("code", field_width=10), submit="Continue")


class SecondFactorSetUpForm(GovForm):
    """Confirm a new authenticator app with the code it shows."""

    code = forms.CharField(
        label="Enter the 6-digit code your app shows",
        max_length=10,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        )
        self.helper = _helper(Field.text("code", field_width=5), submit="Confirm")


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


class SignUpForm(_PersonFields):
    """A referrer creates their own account with an address in an allowed domain."""

    email = EmailAddressField(
        label="Work email address",
        max_length=254,
        help_text="You can only sign up with an email address from an organisation we work with.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    team_name = TeamNameField(
        label="Team or organisation",
        help_text=(
            "For example, Bodmin Health Visiting Team. The VIG service confirms that you "
            "belong to it before you see the team's referrals."
        ),
        error_messages={"required": "Enter your team or organisation"},
    )

    def __init__(self, *args, configuration: ServiceConfiguration, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration = configuration
        self.fields["full_name"].error_messages["required"] = "Enter your full name"
        self.fields["profession"].label = "Your profession"
        self.fields["profession"].choices = [("", "Choose a profession"), *Profession.choices]
        self.order_fields(["full_name", "email", "profession", "team_name"])
        self.helper = _helper(
            Field.text("full_name"),
            Field.text("email"),
            Field.select("profession"),
            Field.text("team_name"),
            submit="Create account",
        )

    def clean_email(self):
        email = _new_address(self.cleaned_data["email"])
        if not self.configuration.allows_signup_from(email):
            domains = self.configuration.allowed_signup_domains()
            allowed = (
                "Accounts can be created with addresses ending "
                + ", ".join(f"@{d}" for d in domains)
                + ". "
                if domains
                else ""
            )
            raise forms.ValidationError(
                f"You cannot sign up with this email address. {allowed}"
                "Ask the VIG service to invite you instead."
            )
        return email


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

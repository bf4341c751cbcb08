"""Account forms, laid out with crispy-forms-gds in GOV.UK style."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from vig_service.accounts.models import Profession, Team, User
from vig_service.accounts.roles import ROLE_DESCRIPTIONS, Role
from vig_service.core.models import ServiceConfiguration

PASSWORD_HINT = (
    "Between 12 and 128 characters. Avoid common passwords and your own name or email address."
)


def _helper(*fields, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


class LoginForm(auth_forms.AuthenticationForm):
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


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Ask for a reset link; the page that follows is the same for every address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )
        self.helper = _helper(Field.text("email"), submit="Send link")

    def get_users(self, email):
        """The accounts to write to; a stand-in when there is none (see send_mail)."""
        users = list(super().get_users(email))
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


class SetPasswordForm(_NewPasswordChecks, auth_forms.SetPasswordForm):
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


class PasswordChangeForm(_NewPasswordChecks, auth_forms.PasswordChangeForm):
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


class SecondFactorCodeForm(forms.Form):
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


class SecondFactorSetUpForm(forms.Form):
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


class _PersonFields(forms.Form):
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

    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="You can only sign up with an email address from an organisation we work with.",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@nhs.net",
        },
    )
    team_name = forms.CharField(
        label="Team or organisation",
        max_length=120,
        help_text="For example, Bodmin Health Visiting Team",
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
        email = User.objects.normalize_email(self.cleaned_data["email"])
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
    new_team = forms.CharField(
        label="Or add a new team",
        max_length=120,
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

    email = forms.EmailField(
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
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
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

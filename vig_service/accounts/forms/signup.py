"""Signing up, and choosing, resetting or changing a password."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from vig_service.accounts.forms._common import (
    EmailAddressField,
    TeamNameField,
    _helper,
    _new_address,
    _PersonFields,
)
from vig_service.accounts.models import Profession, User
from vig_service.core.govuk_forms import GovFormMixin
from vig_service.core.models import ServiceConfiguration

PASSWORD_HINT = (
    "Between 12 and 128 characters. Avoid common passwords and your own name or email address."
)


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

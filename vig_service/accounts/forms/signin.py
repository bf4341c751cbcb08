"""Signing in: e-mail and password, then the second factor."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import forms as auth_forms

from vig_service.accounts.forms._common import _helper
from vig_service.core.govuk_forms import GovForm, GovFormMixin


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

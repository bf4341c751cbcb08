"""Account forms, laid out with crispy-forms-gds in GOV.UK style."""

from vig_service.accounts.forms._common import (
    TEAM_NAME_MAX_LENGTH,
    EmailAddressField,
    TeamNameField,
)
from vig_service.accounts.forms.signin import (
    LoginForm,
    SecondFactorCodeForm,
    SecondFactorSetUpForm,
)
from vig_service.accounts.forms.signup import (
    PASSWORD_HINT,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SignUpForm,
)
from vig_service.accounts.forms.users import (
    EditUserForm,
    InviteUserForm,
    RolesField,
    TeamRequestDecisionForm,
    UserSearchForm,
)

__all__ = [
    "EditUserForm",
    "EmailAddressField",
    "InviteUserForm",
    "LoginForm",
    "PASSWORD_HINT",
    "PasswordChangeForm",
    "PasswordResetForm",
    "RolesField",
    "SecondFactorCodeForm",
    "SecondFactorSetUpForm",
    "SetPasswordForm",
    "SignUpForm",
    "TEAM_NAME_MAX_LENGTH",
    "TeamNameField",
    "TeamRequestDecisionForm",
    "UserSearchForm",
]

"""People who use the service: users (login by e-mail), their teams and their account events."""

import unicodedata
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from vig_service.accounts.roles import STAFF_ROLES, Role
from vig_service.core.models import Event, actions_check
from vig_service.core.validators import validate_domain_list


class Profession(models.TextChoices):
    """What a user does; referral reports count referrals by it."""

    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SOCIAL_WORKER = "social_worker", "Social worker"
    FAMILY_WORKER = "family_worker", "Family support worker"
    EARLY_HELP = "early_help", "Early help practitioner"
    PSYCHOLOGIST = "psychologist", "Psychologist"
    OUTREACH_WORKER = "outreach_worker", "Outreach worker"
    SCHOOL_STAFF = "school_staff", "School staff"
    VIG_PRACTITIONER = "vig_practitioner", "VIG practitioner"
    MANAGER = "manager", "Service manager"
    OTHER = "other", "Other"


class Team(models.Model):
    """A team or organisation that users belong to, such as a health visiting team."""

    name = models.CharField(max_length=120)
    organisation = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="accounts_team_name_unique")]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


# Shown when a new account's address has letters outside a to z once normalised.
NON_ASCII_EMAIL = (
    "Enter an email address using only the letters a to z, numbers and symbols like . _ - +"
)


def roles_named(names) -> frozenset[Role]:
    """The roles among these group names (other groups are not roles)."""
    names = set(names)
    return frozenset(role for role in Role if role.value in names)


class UserManager(BaseUserManager):
    """Manager for users identified by e-mail address, in one exact normalised form."""

    use_in_migrations = True

    @staticmethod
    def normalize_email(email):
        """The one form an address is stored, looked up and counted in: NFKC, case-folded.

        Lookalikes that compatibility normalisation maps to plain letters (the long s, the
        Kelvin sign, fullwidth letters) become those letters and so the same account; others,
        such as the dotless ı, stay themselves and match no account, since a new account's
        address must be plain a to z once normalised (README: Signing in securely).
        """
        folded = unicodedata.normalize("NFKC", email or "").casefold()
        return unicodedata.normalize("NFKC", folded).strip()

    def by_email(self, email):
        """The users with this address (none or one), compared in the normalised form."""
        return self.filter(email=self.normalize_email(email))

    def get_by_natural_key(self, username):
        # Exact, never iexact: PostgreSQL's UPPER() turns the dotless ı into I.
        return self.get(email=self.normalize_email(username))

    def create_user(self, email, password=None, **extra_fields):
        """Create a user; without a password the account cannot log in until one is set."""
        if not email:
            raise ValueError("Users must have an e-mail address")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)  # None gives an unusable password
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        """Create an administrator with access to the Django admin."""
        extra_fields.update(is_staff=True, is_superuser=True)
        user = self.create_user(email, password, **extra_fields)
        user.groups.add(Group.objects.get(name=Role.ADMINISTRATOR))
        return user


class IdentityProvider(models.Model):
    """A council's or trust's OpenID Connect provider its staff sign in with (docs/deployment.md).

    The client secret is never stored here: it is read from the environment variable
    `secret_setting` names.
    """

    name = models.CharField(
        "Name on the sign-in page",
        max_length=80,
        help_text="For example Cornwall Council, or Royal Cornwall Hospitals NHS Trust.",
    )
    slug = models.SlugField(
        "Short name",
        max_length=40,
        unique=True,
        help_text="Lower-case letters, numbers and hyphens, for example cornwall-council. It "
        "names the secret's environment variable.",
    )
    issuer = models.URLField(
        "Issuer",
        max_length=300,
        help_text="The provider's issuer address; its /.well-known/openid-configuration is "
        "read from there. For Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0",
    )
    client_id = models.CharField("Client ID", max_length=200)
    domains = models.TextField(
        "Email domains it serves",
        validators=[validate_domain_list],
        help_text="One domain on each line, for example cornwall.gov.uk.",
    )
    create_referrers = models.BooleanField(
        "Create referrer accounts on first sign-in",
        default=False,
        help_text="For a provider of an agency whose staff refer families: anyone from its "
        "domains may sign in as a referrer without an invitation. Staff are always invited.",
    )
    active = models.BooleanField("Offered on the sign-in page", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # It names an environment variable and sits in a URL: letters, digits, hyphens.
            models.CheckConstraint(
                condition=models.Q(slug__regex=r"^[a-z0-9]+(-[a-z0-9]+)*$"),
                name="accounts_identityprovider_slug_valid",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def secret_setting(self) -> str:
        """The environment variable holding this provider's client secret."""
        return "OIDC_CLIENT_SECRET_" + self.slug.upper().replace("-", "_")

    @property
    def domain_list(self) -> list[str]:
        return [line.strip().lower() for line in self.domains.splitlines() if line.strip()]


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Roles are group memberships; one person may hold several."""

    email = models.EmailField("Email address", max_length=254, unique=True)
    full_name = models.CharField("Full name", max_length=150)
    profession = models.CharField(max_length=30, choices=Profession.choices, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    supervisor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisees",
        help_text="The accredited VIG supervisor who supervises this guider.",
    )
    is_active = models.BooleanField(
        "Active",
        default=True,
        help_text="Inactive accounts cannot log in. Deactivate rather than delete.",
    )
    is_staff = models.BooleanField(
        "Django admin access",
        default=False,
        help_text="Set for administrators only.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(
        "Last deactivated",
        null=True,
        blank=True,
        help_text="Kept after reactivation, so links sent before a deactivation stay dead.",
    )
    requested_team_name = models.CharField(
        "Team asked to join",
        max_length=120,
        blank=True,
        help_text="A self-signed-up referrer's team, until an administrator approves it.",
    )
    # Pinned at the first single sign-on: later sign-ins match the provider's subject, never
    # the e-mail alone, so a changed address at the provider cannot take over this account.
    sso_provider = models.ForeignKey(
        IdentityProvider,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="Signs in with",
    )
    sso_subject = models.CharField(max_length=255, blank=True)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci"),
            models.UniqueConstraint(
                fields=["sso_provider", "sso_subject"],
                condition=~models.Q(sso_subject=""),
                name="accounts_user_sso_subject_unique",
            ),
        ]
        indexes = [
            # People by name, a page at a time: the team diary's guiders (diary.selectors).
            models.Index(fields=["full_name", "id"], name="accounts_user_by_name"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def get_absolute_url(self):
        return reverse("accounts:user_edit", args=[self.pk])

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)
        # New accounts only: an older account keeps working under its own address.
        if self._state.adding and not self.email.isascii():
            raise ValidationError({"email": NON_ASCII_EMAIL})

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("roles", None)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The roles this user holds (one query, cached on the instance)."""
        if not self.pk:
            return frozenset()
        return roles_named(group.name for group in self.groups.all())

    def has_role(self, *roles: Role) -> bool:
        """Whether the user holds at least one of the given roles."""
        return bool(self.roles.intersection(roles))

    @property
    def is_service_staff(self) -> bool:
        """Whether the user works in the VIG service (any role other than referrer)."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_deactivated(self) -> bool:
        """Switched off by an administrator (not merely a sign-up awaiting confirmation)."""
        return not self.is_active and self.deactivated_at is not None

    @property
    def has_set_password(self) -> bool:
        """False for an invited user who has not yet followed their link."""
        return self.has_usable_password()


class UserEventAction(models.TextChoices):
    """What a change to an account was."""

    INVITED = "invited", "Invited"
    SIGNED_UP = "signed_up", "Signed up"
    PASSWORD_SET = "password_set", "Set their password"
    ROLES_CHANGED = "roles_changed", "Roles changed"
    DETAILS_CHANGED = "details_changed", "Details changed"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"
    INVITATION_RESENT = "invitation_resent", "Invitation sent again"
    SECOND_FACTOR_SET_UP = "second_factor_set_up", "Set up an authenticator app"
    TEAM_APPROVED = "team_approved", "Team membership approved"
    TEAM_REFUSED = "team_refused", "Team membership refused"
    SIGNED_IN_SSO = "signed_in_sso", "Signed in with their organisation's account"
    SSO_REFUSED = "sso_refused", "Single sign-on refused"
    SSO_ENDED = "sso_ended", "Signed out: their organisation's account was stopped"


class UserEvent(Event):
    """A change to an account: invited, signed up, password set, roles changed, deactivated."""

    Action = UserEventAction

    action = models.CharField(max_length=60, choices=Action.choices)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(UserEventAction)]

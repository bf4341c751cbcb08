"""Service configuration and the event base shared by every record with a timeline."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from vig_service.core.sections import SINGLETON_ID, SettingsSection
from vig_service.core.validators import validate_domain_list


class Timestamped(models.Model):
    """When a record was created and last saved."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def actions_check(actions: type[models.TextChoices]) -> models.CheckConstraint:
    """The database refuses an event whose action is not one of its model's `Action` choices."""
    return models.CheckConstraint(
        condition=models.Q(action__in=actions.values),
        name="%(app_label)s_%(class)s_action_valid",
    )


class Event(models.Model):
    """Base for one line of a record's timeline: who did what, when, from which status to which."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for actions taken by the system.",
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=60)
    from_status = models.CharField(max_length=40, blank=True)
    to_status = models.CharField(max_length=40, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.action} at {self.occurred_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        """The action in words, from the subclass's Action choices (every action is one)."""
        return type(self).Action(self.action).label


class HttpsURLField(models.URLField):
    """A web address; in any form (the admin's too) one typed without a scheme is https."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class ServiceConfiguration(SettingsSection):
    """The one configuration record of this deployment, edited by administrators."""

    SINGLETON_ID = SINGLETON_ID

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    service_name = models.CharField(
        max_length=80,
        default="VIG Service",
        help_text="Shown in the header of every page and in e-mails.",
    )
    contact_email = models.EmailField(
        "Contact email address",
        blank=True,
        help_text="Where the team receives notices of new referrals.",
    )
    contact_phone = models.CharField("Contact phone number", max_length=30, blank=True)
    service_address = HttpsURLField(
        "Service web address",
        blank=True,
        help_text=(
            "The address people use to open the service, for example "
            "https://vig.example.gov.uk. The links in the daily reminder e-mails start with it."
        ),
    )
    organisation_name = models.CharField(
        "Organisation that runs the service",
        max_length=120,
        blank=True,
        help_text=(
            "The council or NHS trust responsible for the service and its data, for example "
            "Cornwall Council. Named in the privacy notice and the accessibility statement."
        ),
    )
    data_protection_email = models.EmailField(
        "Data protection officer's email address",
        blank=True,
        help_text="Given in the privacy notice for questions about personal data.",
    )
    signup_domains = models.TextField(
        "Email domains allowed to sign up",
        blank=True,
        validators=[validate_domain_list],
        help_text=(
            "One domain on each line, for example cornwall.gov.uk or nhs.net. Referrers with an "
            "email address in one of these domains may create their own account. Everyone "
            "else is invited by an administrator."
        ),
    )

    class Meta:
        verbose_name = "service configuration"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="core_configuration_singleton"),
        ]

    def __str__(self):
        return self.service_name

    def get_absolute_url(self):
        return reverse("core:configuration")

    def allowed_signup_domains(self) -> list[str]:
        """The sign-up domains as a list of lower-case names."""
        return [line.strip().lower() for line in self.signup_domains.splitlines() if line.strip()]

    def allows_signup_from(self, email: str) -> bool:
        """Whether an address's domain is exactly one of the allowed sign-up domains."""
        domain = email.rpartition("@")[2].strip().lower()
        return bool(domain) and domain in self.allowed_signup_domains()


class AppSettingsSection(SettingsSection):
    """An app's settings section: one row beside the service configuration, sharing its key."""

    configuration = models.OneToOneField(
        ServiceConfiguration,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_settings",
    )

    class Meta:
        abstract = True


class ConfigurationEventAction(models.TextChoices):
    """What a change to the service configuration was."""

    CHANGED = "changed", "Changed"


class ConfigurationEvent(Event):
    """A change to the service configuration."""

    Action = ConfigurationEventAction

    action = models.CharField(max_length=60, choices=Action.choices)
    configuration = models.ForeignKey(
        ServiceConfiguration, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Event.Meta):
        constraints = [actions_check(ConfigurationEventAction)]


class LinkKind(models.TextChoices):
    """The e-mails with a link that anyone, or an administrator, can ask the service to send."""

    SIGN_UP = "sign_up", "Sign-up"
    PASSWORD_RESET = "password_reset", "Password reset"
    INVITATION = "invitation", "Invitation"


class LinkRequest(models.Model):
    """One request to e-mail a link, kept for an hour so the requests can be limited.

    The address is kept only as a keyed hash: most requests for unknown addresses are a
    stranger's typing, and the limit needs only to tell one address from another. Rows are
    in the database, not a cache, so the limit holds across every app server.
    """

    kind = models.CharField(max_length=20, choices=LinkKind.choices)
    address_key = models.CharField(max_length=64)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "address_key", "requested_at"], name="core_link_address"),
            models.Index(
                fields=["kind", "client_address", "requested_at"], name="core_link_client"
            ),
            models.Index(fields=["requested_at"], name="core_link_time"),
        ]

    def __str__(self):
        return f"{self.kind} at {self.requested_at:%Y-%m-%d %H:%M}"

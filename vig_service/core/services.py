"""Writes for the service configuration, and the limit on e-mailed links."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vig_service.core.errors import DomainError
from vig_service.core.models import ConfigurationEvent, LinkKind, LinkRequest, ServiceConfiguration

logger = logging.getLogger(__name__)


class StaleEditError(DomainError):
    """Someone else saved the configuration after this form was loaded."""

    def __init__(self, *, configuration: ServiceConfiguration, changed_at):
        last = configuration.events.select_related("actor").last()
        who = last.actor if last and last.actor else "someone else"
        when = timezone.localtime(changed_at).strftime("%-d %B %Y at %H:%M")
        self.message = (
            f"The configuration was changed by {who} on {when}. "
            "Review it before you continue: your changes are shown below, not yet saved."
        )
        super().__init__(self.message)


def configuration_record_change(*, by, changed: list[str]) -> ConfigurationEvent:
    """Add a line to the configuration's history naming what changed."""
    return ConfigurationEvent.objects.create(
        configuration_id=ServiceConfiguration.SINGLETON_ID,
        actor=by,
        action=ConfigurationEvent.Action.CHANGED,
        note="Changed: " + ", ".join(changed),
    )


@transaction.atomic
def configuration_update(*, version: str, changes: dict, by) -> ServiceConfiguration:
    """Apply changed fields to the configuration, refusing a form loaded before the last save."""
    configuration = ServiceConfiguration.objects.select_for_update().get(
        id=ServiceConfiguration.SINGLETON_ID
    )
    if configuration.updated_at.isoformat() != version:
        raise StaleEditError(configuration=configuration, changed_at=configuration.updated_at)
    changed = {
        field: value for field, value in changes.items() if getattr(configuration, field) != value
    }
    if not changed:
        return configuration
    for field, value in changed.items():
        setattr(configuration, field, value)
    configuration.full_clean()
    configuration.save(update_fields=[*changed, "updated_at"])
    configuration_record_change(
        by=by, changed=[str(configuration._meta.get_field(f).verbose_name) for f in changed]
    )
    return configuration


def link_request_record(*, kind: LinkKind, email: str, client: str | None) -> bool:
    """Count a request to e-mail a link; False, and not counted, past either hourly limit.

    `email` is in the normalised form (UserManager.normalize_email) and is counted whether or
    not an account has it, so being refused says nothing about who has an account. Not in a
    transaction on purpose: each row is committed before the count, so of requests arriving
    together the last to count sees them all, and never more than the limit are allowed.
    """
    now = timezone.now()
    since = now - settings.LINK_EMAIL_WINDOW
    LinkRequest.objects.filter(requested_at__lt=since).delete()
    key = salted_hmac("link-request-address", email, algorithm="sha256").hexdigest()
    row = LinkRequest.objects.create(
        kind=kind, address_key=key, client_address=client, requested_at=now
    )
    recent = LinkRequest.objects.filter(kind=kind, requested_at__gte=since)
    per_client = (
        settings.INVITATIONS_PER_CLIENT
        if kind == LinkKind.INVITATION
        else settings.LINK_EMAILS_PER_CLIENT
    )
    over = recent.filter(address_key=key).count() > settings.LINK_EMAILS_PER_ADDRESS or (
        client is not None and recent.filter(client_address=client).count() > per_client
    )
    if over:
        row.delete()
        logger.warning(
            "Too many %s e-mails asked for in an hour", kind, extra={"client_address": client}
        )
    return not over

"""Writes for the settings sections of the configuration, and the limit on e-mailed links."""

import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from vig_service.core.errors import DomainError
from vig_service.core.models import ConfigurationEvent, LinkKind, LinkRequest
from vig_service.core.sections import SINGLETON_ID, SettingsSection

logger = logging.getLogger(__name__)

S = TypeVar("S", bound=SettingsSection)


class StaleEditError(DomainError):
    """Someone else saved the settings after this form was loaded."""

    def __init__(self, *, changed_at):
        last = (
            ConfigurationEvent.objects.filter(configuration_id=SINGLETON_ID)
            .select_related("actor")
            .last()
        )
        who = last.actor if last and last.actor else "someone else"
        when = timezone.localtime(changed_at).strftime("%-d %B %Y at %H:%M")
        self.changed_at = changed_at
        self.message = (
            f"The configuration was changed by {who} on {when}. "
            "Review it before you continue: your changes are shown below, not yet saved."
        )
        super().__init__(self.message)


def configuration_record_change(*, by, changed: list[str]) -> ConfigurationEvent:
    """Add a line to the configuration's history naming what changed."""
    return ConfigurationEvent.objects.create(
        configuration_id=SINGLETON_ID,
        actor=by,
        action=ConfigurationEvent.Action.CHANGED,
        note="Changed: " + ", ".join(changed),
    )


@transaction.atomic
def settings_section_update(
    section: S,
    *,
    loaded_at: str,
    changes: dict,
    by,
    rows: Callable[[S], list[str]] | None = None,
) -> S:
    """Apply a section's changed fields, refusing a form loaded before the section's last save.

    `section` is the loaded row (`load()`); it is locked and read again. `rows`, given the locked
    row, saves the rows kept beside it (a table of stages, say)
    and names what it changed; it runs in the same transaction, after the stale check. The
    row is saved, and the change recorded, only when something changed
    (see docs/architecture.md, "Settings sections").
    """
    row = type(section).objects.select_for_update().get(pk=section.pk)
    if row.updated_at.isoformat() != loaded_at:
        raise StaleEditError(changed_at=row.updated_at)
    changed = [field for field, value in changes.items() if getattr(row, field) != value]
    for field in changed:
        setattr(row, field, changes[field])
    if changed:
        row.full_clean()
    named = [str(row._meta.get_field(field).verbose_name) for field in changed]
    named += rows(row) if rows else []
    if not named:
        return row
    # Saved when only the rows beside it changed too, so a form loaded before is refused.
    row.save(update_fields=[*changed, "updated_at"])
    configuration_record_change(by=by, changed=named)
    return row


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

"""Writes for the service configuration."""

from django.db import transaction
from django.utils import timezone

from vig_service.core.models import ConfigurationEvent, ServiceConfiguration


class StaleEditError(Exception):
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
        action="changed",
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

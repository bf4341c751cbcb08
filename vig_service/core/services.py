"""Writes for the service configuration."""

from django.db import transaction

from vig_service.core.models import ConfigurationEvent, ServiceConfiguration


class StaleEditError(Exception):
    """Someone else saved the record after this form was loaded."""

    def __init__(self, event: ConfigurationEvent | None):
        super().__init__("stale edit")
        self.event = event


@transaction.atomic
def configuration_update(*, version: str, changes: dict, by) -> ServiceConfiguration:
    """Apply changed fields to the configuration, refusing a form loaded before the last save."""
    configuration = ServiceConfiguration.objects.select_for_update().get(
        id=ServiceConfiguration.SINGLETON_ID
    )
    if configuration.updated_at.isoformat() != version:
        raise StaleEditError(configuration.events.select_related("actor").last())
    changed = {
        field: value for field, value in changes.items() if getattr(configuration, field) != value
    }
    if not changed:
        return configuration
    for field, value in changed.items():
        setattr(configuration, field, value)
    configuration.full_clean()
    configuration.save(update_fields=[*changed, "updated_at"])
    ConfigurationEvent.objects.create(
        configuration=configuration,
        actor=by,
        action="changed",
        note="Changed: "
        + ", ".join(str(configuration._meta.get_field(f).verbose_name) for f in changed),
    )
    return configuration

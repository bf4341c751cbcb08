"""Writes for the Reports section of the configuration."""

from django.db import transaction

from vig_service.core.services import StaleEditError, configuration_record_change
from vig_service.reports.models import ReportSettings


@transaction.atomic
def report_settings_update(*, version: str, changes: dict, by) -> ReportSettings:
    """Save the suppression settings, refusing a form loaded before the last save."""
    settings = ReportSettings.objects.select_for_update().get(pk=ReportSettings.load().pk)
    if settings.updated_at.isoformat() != version:
        raise StaleEditError(configuration=settings.configuration, changed_at=settings.updated_at)
    changed = []
    for field, value in changes.items():
        if getattr(settings, field) != value:
            setattr(settings, field, value)
            changed.append(str(settings._meta.get_field(field).verbose_name))
    settings.full_clean()
    settings.save()
    if changed:
        configuration_record_change(by=by, changed=changed)
    return settings

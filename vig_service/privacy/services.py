"""Writes for privacy settings."""

from django.db import transaction

from vig_service.core.services import StaleEditError, configuration_record_change
from vig_service.privacy.models import PrivacySettings


@transaction.atomic
def privacy_settings_update(*, version: str, periods: dict[str, int], by) -> PrivacySettings:
    """Save the retention periods, refusing a form loaded before the last save."""
    settings = PrivacySettings.objects.select_for_update().get(pk=PrivacySettings.load().pk)
    if settings.updated_at.isoformat() != version:
        raise StaleEditError(configuration=settings.configuration, changed_at=settings.updated_at)
    changed = [
        str(settings._meta.get_field(name).verbose_name)
        for name, value in periods.items()
        if getattr(settings, name) != value
    ]
    for name, value in periods.items():
        setattr(settings, name, value)
    settings.full_clean()
    settings.save()
    if changed:
        configuration_record_change(by=by, changed=changed)
    return settings

"""The settings section: one row of settings, edited on one tab of the Configuration page."""

from typing import Self

from django.db import models

# Every section has exactly one row, with this key (the configuration's, for the app sections).
SINGLETON_ID = 1


class SettingsSection(models.Model):
    """Base of a settings section: its one row, created on first use, and when it was saved.

    An app's section beside the configuration makes its primary key a one-to-one field to
    `ServiceConfiguration`; `load()` creates the configuration too when it does not exist yet.
    Changes go through `core.services.settings_section_update` (see docs/architecture.md).
    """

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from vig_service.core import settings_cache

        super().save(*args, **kwargs)
        # This request may read the section again before its version changes.
        settings_cache.forget()

    @classmethod
    def load(cls) -> Self:
        """Return the section's row, creating it with its defaults the first time.

        Outside a transaction, a signed-in request is given the row its process kept while
        it is still current (`settings_cache`).
        """
        # Here, not at the top: the cache module reads which models are sections from here.
        from vig_service.core import settings_cache

        section = settings_cache.kept(cls)
        if section is not None:
            return section
        key = cls._meta.pk
        # A callable default: the configuration row is only looked up when creating.
        defaults = {key.name: key.related_model.load} if key.is_relation else {}
        section, created = cls.objects.get_or_create(pk=SINGLETON_ID, defaults=defaults)
        section.load_rows(created=created)
        settings_cache.keep(section)
        return section

    def load_rows(self, *, created: bool) -> None:
        """Create the rows this section keeps beside it (a table of stages, say); none here."""

from django.contrib import admin

from vig_service.core.models import ConfigurationEvent, ServiceConfiguration


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only, for everyone: a record with an event trail changes only through the service's
    own pages, which write the event (README, "Security and audit")."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceConfiguration)
class ServiceConfigurationAdmin(ReadOnlyAdmin):
    """The configuration record, read-only: the Configuration page changes it and records who."""

    list_display = ["service_name", "contact_email", "updated_at"]


@admin.register(ConfigurationEvent)
class ConfigurationEventAdmin(ReadOnlyAdmin):
    """History of configuration changes, read-only."""

    list_display = ["occurred_at", "action", "actor", "note"]
    list_select_related = ["actor"]

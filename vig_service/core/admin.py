from django.contrib import admin

from vig_service.core.models import ConfigurationEvent, ServiceConfiguration


@admin.register(ServiceConfiguration)
class ServiceConfigurationAdmin(admin.ModelAdmin):
    """The configuration record; the Configuration page is the usual place to change it."""

    list_display = ["service_name", "contact_email", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConfigurationEvent)
class ConfigurationEventAdmin(admin.ModelAdmin):
    """History of configuration changes, read-only."""

    list_display = ["occurred_at", "action", "actor", "note"]
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

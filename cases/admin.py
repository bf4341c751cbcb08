from django.contrib import admin

from cases.models import Case, CaseEvent


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Cases, read-only: changes go through the case pages so each one is recorded."""

    list_display = ["referral", "guider", "co_worker", "status", "opened_on"]
    list_select_related = ["referral", "guider", "co_worker"]
    list_filter = ["status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    """Case history, read-only."""

    list_display = ["occurred_at", "case", "action", "actor"]
    list_select_related = ["case__referral", "actor"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

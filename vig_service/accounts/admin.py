from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from vig_service.accounts.models import Team, User, UserEvent


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users in the Django admin, for administrators; day-to-day work uses the Users page."""

    ordering = ["full_name"]
    list_display = ["email", "full_name", "team", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "team"]
    search_fields = ["email", "full_name"]
    list_select_related = ["team"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "profession", "team"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams and organisations."""

    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation"]


@admin.register(UserEvent)
class UserEventAdmin(admin.ModelAdmin):
    """Account history, read-only."""

    list_display = ["occurred_at", "user", "action", "actor"]
    list_select_related = ["user", "actor"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

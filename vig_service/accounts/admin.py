from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from vig_service.accounts.models import Team, User, UserEvent
from vig_service.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    """Users in the Django admin, read-only: the Users page changes them and records each change
    in the account's history."""

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
class UserEventAdmin(ReadOnlyAdmin):
    """Account history, read-only."""

    list_display = ["occurred_at", "user", "action", "actor"]
    list_select_related = ["user", "actor"]
    list_filter = ["action"]

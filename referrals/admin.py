from django.contrib import admin

from referrals.models import Referral


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Referrals, read-only: changes go through the referral pages so each one is recorded.

    Also the benchmark's yardstick: the list a team could use instead of the queue.
    """

    list_display = ["__str__", "status", "priority_tier", "submitted_at", "referrer"]
    list_select_related = ["referrer"]
    list_filter = ["status", "priority_tier"]
    search_fields = ["reference"]
    ordering = ["-pk"]
    # A child's details are for the referral pages, where visibility rules apply and each view
    # is recorded; the admin keeps only the list of references and statuses (the yardstick).
    list_display_links = None

    def get_queryset(self, request):
        # A restricted child's referrals are for the named staff alone, here too.
        return super().get_queryset(request).not_restricted_from(request.user)

    def has_view_permission(self, request, obj=None):
        return obj is None and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

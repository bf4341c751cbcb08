from django.apps import AppConfig


class AuditConfig(AppConfig):
    """Who viewed which child's record, and every change to referrals, cases and cycles."""

    name = "vig_service.audit"
    label = "audit"
    verbose_name = "Audit"

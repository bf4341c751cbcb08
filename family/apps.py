from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "family"
    verbose_name = "The family's own voice"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, roles and teams."""

    name = "vig_service.accounts"
    label = "accounts"
    verbose_name = "Accounts"

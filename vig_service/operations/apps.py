from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the service: health checks, database faults, backups, replicas, logs."""

    name = "vig_service.operations"
    label = "operations"
    verbose_name = "Operations"

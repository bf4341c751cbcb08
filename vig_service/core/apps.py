from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _forget_prepared_statements(sender, using, **kwargs):
    from vig_service.core.compiled import forget_prepared

    # A migration may change a table's columns, and a statement prepared before it would
    # then refuse to run ("cached plan must not change result type").
    forget_prepared(connections[using])


class CoreConfig(AppConfig):
    """Service configuration and the shared event base."""

    name = "vig_service.core"
    label = "core"
    verbose_name = "Service"

    def ready(self):
        from vig_service.accounts.backends import READ_WITH_USER
        from vig_service.core.settings_cache import version_expression

        # Every request learns whether the settings kept in memory are current, in the
        # query that reads its user (docs/architecture.md, "The floor").
        READ_WITH_USER["settings_version"] = version_expression
        post_migrate.connect(_forget_prepared_statements, dispatch_uid="core_forget_prepared")
        # A compiled query is a SELECT run as EXECUTE: pghistory, which leaves reads alone,
        # would otherwise put its context before each one (docs/architecture.md, "Compiled
        # queries").
        from pghistory import runtime

        if "execute vig_compiled_" not in runtime.IGNORED_SQL_PREFIXES:
            runtime.IGNORED_SQL_PREFIXES = (*runtime.IGNORED_SQL_PREFIXES, "execute vig_compiled_")

"""An index of the allocation waits by the service's calendar month, then wait, so the
manager's median wait is read as two positions of it (docs/architecture.md, "The limit
facts"). The time zone is the settings' at migration time, as the report summaries' are; a
later change of zone leaves the medians right, only slower."""

from django.conf import settings
from django.db import migrations


def _create(apps, schema_editor):
    schema_editor.execute(
        "CREATE INDEX cases_allocwait_month ON cases_allocationwait "
        "((date_trunc('month', allocated_at, %s)), waited) INCLUDE (allocated_at) "
        "WHERE waited IS NOT NULL",
        [settings.TIME_ZONE],
    )
    schema_editor.execute("ANALYZE cases_allocationwait")


def _drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS cases_allocwait_month")


class Migration(migrations.Migration):
    dependencies = [("cases", "0017_guider_room")]

    operations = [migrations.RunPython(_create, _drop)]

from django.db import migrations

from vig_service.reports.summaries import install


def reinstall(apps, schema_editor):
    # The closed cases' refresh gives the same rows by a plan that scales (summaries/sql.py),
    # so the rows stay and only the functions are replaced.
    with schema_editor.connection.cursor() as cursor:
        install.install(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_coarse_waits"),
    ]

    operations = [
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]

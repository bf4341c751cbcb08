"""Each calendar month's count of allocation waits, kept by a trigger on the waits, so the
manager's median wait reads the month's middle waits without counting them first
(docs/architecture.md, "The limit facts"). The trigger counts months in the settings' time
zone at migration time, as the index of migration 0018 does, and says so in each row; each
row also takes a new number at each change, so a month's median read once is known unchanged
while its number is."""

from django.conf import settings
from django.db import migrations, models

# Every change of a month takes the sequence's next value: never given twice, even by a
# transaction rolled back, so a value names one state of the month's waits.
FUNCTION = """
CREATE SEQUENCE cases_allocmonth_changes;

CREATE FUNCTION cases_allocation_month_of_wait() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    in_zone text := TG_ARGV[0];
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.waited IS NOT NULL THEN
        UPDATE cases_allocationmonth
        SET waits = waits - 1, changes = nextval('cases_allocmonth_changes')
        WHERE zone = in_zone AND month = date_trunc('month', OLD.allocated_at, in_zone);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.waited IS NOT NULL THEN
        INSERT INTO cases_allocationmonth (zone, month, waits, changes)
        VALUES (
            in_zone, date_trunc('month', NEW.allocated_at, in_zone), 1,
            nextval('cases_allocmonth_changes')
        )
        ON CONFLICT (zone, month) DO UPDATE SET
            waits = cases_allocationmonth.waits + 1, changes = EXCLUDED.changes;
    END IF;
    RETURN NULL;
END;
$$;
"""

# Set-based, for every month so far; counted afresh where a month has a row (the benchmark's
# seeder runs it after the waits' own backfill, bench/rows.py).
_ZONE = "'" + settings.TIME_ZONE.replace("'", "''") + "'"
BACKFILL = f"""
INSERT INTO cases_allocationmonth (zone, month, waits, changes)
SELECT {_ZONE}, date_trunc('month', allocated_at, {_ZONE}), count(*),
    nextval('cases_allocmonth_changes')
FROM cases_allocationwait WHERE waited IS NOT NULL GROUP BY 2
ON CONFLICT (zone, month) DO UPDATE SET
    waits = EXCLUDED.waits, changes = EXCLUDED.changes;
"""  # noqa: S608 (the settings' zone, quoted)

DROP = """
DROP TRIGGER IF EXISTS cases_allocation_month_wait ON cases_allocationwait;
DROP FUNCTION IF EXISTS cases_allocation_month_of_wait();
DROP SEQUENCE IF EXISTS cases_allocmonth_changes;
"""


def _install(apps, schema_editor):
    schema_editor.execute(FUNCTION)
    zone = schema_editor.quote_value(settings.TIME_ZONE)
    schema_editor.execute(
        "CREATE TRIGGER cases_allocation_month_wait "
        "AFTER INSERT OR DELETE OR UPDATE OF allocated_at, waited ON cases_allocationwait "
        f"FOR EACH ROW EXECUTE FUNCTION cases_allocation_month_of_wait({zone})"
    )
    schema_editor.execute(BACKFILL)


def _uninstall(apps, schema_editor):
    schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_allocation_wait_months")]

    operations = [
        migrations.CreateModel(
            name="AllocationMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("zone", models.CharField(max_length=64)),
                (
                    "month",
                    models.DateTimeField(help_text="The month's first midnight in the zone."),
                ),
                ("waits", models.IntegerField(default=0)),
                (
                    "changes",
                    models.BigIntegerField(
                        default=0, help_text="A new number at every change to the month's waits."
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("zone", "month"), name="cases_allocmonth_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(_install, _uninstall),
    ]

from django.db import migrations

# The cycles' part of cases' limit facts (docs/architecture.md, "The limit facts"): cycles
# is above cases, so it installs the triggers that keep a case's first filming and cycles
# started current in the same transaction as the cycle's write. The row is upserted, so a
# cycle written before its case (COPY) is counted too; the case's own trigger sets "open".
FUNCTIONS = """
CREATE FUNCTION cycles_limit_facts_refresh(p_case bigint) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO cases_caselimitfacts (case_id, "open", first_filmed_on, cycles_started)
    SELECT
        p_case,
        COALESCE((SELECT status <> 'closed' FROM cases_case WHERE id = p_case), true),
        min(filmed_on),
        count(*)
    FROM cycles_cycle WHERE case_id = p_case
    ON CONFLICT (case_id) DO UPDATE SET
        first_filmed_on = EXCLUDED.first_filmed_on,
        cycles_started = EXCLUDED.cycles_started;
$$;

CREATE FUNCTION cycles_limit_facts_of_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM cycles_limit_facts_refresh(OLD.case_id);
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM cycles_limit_facts_refresh(NEW.case_id);
    ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.case_id IS DISTINCT FROM OLD.case_id THEN
            PERFORM cycles_limit_facts_refresh(NEW.case_id);
        END IF;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cycles_limit_facts_cycle
AFTER INSERT OR DELETE ON cycles_cycle
FOR EACH ROW EXECUTE FUNCTION cycles_limit_facts_of_cycle();

-- A status change leaves the facts alone, so only a new date or case recomputes them.
CREATE TRIGGER cycles_limit_facts_cycle_update
AFTER UPDATE OF filmed_on, case_id ON cycles_cycle
FOR EACH ROW
WHEN (OLD.filmed_on IS DISTINCT FROM NEW.filmed_on OR OLD.case_id IS DISTINCT FROM NEW.case_id)
EXECUTE FUNCTION cycles_limit_facts_of_cycle();
"""

# Set-based, once: the cycles of every case that has any.
BACKFILL = """
UPDATE cases_caselimitfacts f
SET first_filmed_on = c.first_filmed_on, cycles_started = c.started
FROM (
    SELECT case_id, min(filmed_on) AS first_filmed_on, count(*) AS started
    FROM cycles_cycle GROUP BY case_id
) c
WHERE f.case_id = c.case_id;

ANALYZE cases_caselimitfacts;
"""

DROP = """
DROP TRIGGER IF EXISTS cycles_limit_facts_cycle_update ON cycles_cycle;
DROP TRIGGER IF EXISTS cycles_limit_facts_cycle ON cycles_cycle;
DROP FUNCTION IF EXISTS cycles_limit_facts_of_cycle();
DROP FUNCTION IF EXISTS cycles_limit_facts_refresh(bigint);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_limit_facts"),
        ("cycles", "0007_cycle_status_has_its_dates"),
    ]

    operations = [
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]

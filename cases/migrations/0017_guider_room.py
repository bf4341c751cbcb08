import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The guiders' room (docs/architecture.md, "The limit facts"): one row per active guider, with
# their open cases and own capacity, recomputed from the records whenever a case opens, closes
# or changes guider, a person becomes or stops being an active guider, or a capacity changes.
FUNCTIONS = """
CREATE FUNCTION cases_refresh_guider_room(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    one bigint;
BEGIN
    -- Two writers of one guider's row wait for each other (in id order, so never in a ring),
    -- and the second then counts what the first committed.
    FOR one IN SELECT DISTINCT x FROM unnest(ids) x WHERE x IS NOT NULL ORDER BY x LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended('cases_guiderroom', one));
    END LOOP;
    DELETE FROM cases_guiderroom WHERE guider_id = ANY(ids);
    INSERT INTO cases_guiderroom (guider_id, open_cases, capacity)
    SELECT u.id,
           (SELECT count(*) FROM cases_case c WHERE c.guider_id = u.id AND c.status <> 'closed'),
           (SELECT gc.capacity FROM cases_guidercapacity gc WHERE gc.guider_id = u.id)
    FROM accounts_user u
    WHERE u.id = ANY(ids) AND u.is_active AND EXISTS (
        SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
        WHERE ug.user_id = u.id AND g.name = 'guider'
    );
END;
$$;

-- TG_ARGV[0] names the column that holds the guider's id in the changed row.
CREATE FUNCTION cases_guider_room_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_id bigint;
    new_id bigint;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        old_id := (to_jsonb(OLD) ->> TG_ARGV[0])::bigint;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_id := (to_jsonb(NEW) ->> TG_ARGV[0])::bigint;
    END IF;
    PERFORM cases_refresh_guider_room(ARRAY[old_id, new_id]);
    RETURN NULL;
END;
$$;

CREATE TRIGGER cases_guider_room_case
AFTER INSERT OR DELETE ON cases_case
FOR EACH ROW EXECUTE FUNCTION cases_guider_room_of_row('guider_id');

CREATE TRIGGER cases_guider_room_case_update
AFTER UPDATE OF status, guider_id ON cases_case
FOR EACH ROW WHEN (
    (OLD.status = 'closed') IS DISTINCT FROM (NEW.status = 'closed')
    OR OLD.guider_id IS DISTINCT FROM NEW.guider_id
)
EXECUTE FUNCTION cases_guider_room_of_row('guider_id');

CREATE TRIGGER cases_guider_room_user
AFTER UPDATE OF is_active ON accounts_user
FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active)
EXECUTE FUNCTION cases_guider_room_of_row('id');

CREATE TRIGGER cases_guider_room_user_delete
AFTER DELETE ON accounts_user
FOR EACH ROW EXECUTE FUNCTION cases_guider_room_of_row('id');

CREATE TRIGGER cases_guider_room_roles
AFTER INSERT OR DELETE OR UPDATE ON accounts_user_groups
FOR EACH ROW EXECUTE FUNCTION cases_guider_room_of_row('user_id');

CREATE TRIGGER cases_guider_room_capacity
AFTER INSERT OR DELETE OR UPDATE ON cases_guidercapacity
FOR EACH ROW EXECUTE FUNCTION cases_guider_room_of_row('guider_id');
"""

# Set-based, once, for every active guider.
BACKFILL = """
INSERT INTO cases_guiderroom (guider_id, open_cases, capacity)
SELECT u.id, COALESCE(o.n, 0), gc.capacity
FROM accounts_user u
JOIN accounts_user_groups ug ON ug.user_id = u.id
JOIN auth_group g ON g.id = ug.group_id AND g.name = 'guider'
LEFT JOIN (
    SELECT guider_id, count(*) AS n FROM cases_case WHERE status <> 'closed' GROUP BY guider_id
) o ON o.guider_id = u.id
LEFT JOIN cases_guidercapacity gc ON gc.guider_id = u.id
WHERE u.is_active
ON CONFLICT (guider_id) DO NOTHING;

ANALYZE cases_guiderroom;
"""

DROP = """
DROP TRIGGER IF EXISTS cases_guider_room_capacity ON cases_guidercapacity;
DROP TRIGGER IF EXISTS cases_guider_room_roles ON accounts_user_groups;
DROP TRIGGER IF EXISTS cases_guider_room_user_delete ON accounts_user;
DROP TRIGGER IF EXISTS cases_guider_room_user ON accounts_user;
DROP TRIGGER IF EXISTS cases_guider_room_case_update ON cases_case;
DROP TRIGGER IF EXISTS cases_guider_room_case ON cases_case;
DROP FUNCTION IF EXISTS cases_guider_room_of_row();
DROP FUNCTION IF EXISTS cases_refresh_guider_room(bigint[]);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_provider_slug_valid"),
        ("cases", "0016_allocation_waits"),
    ]

    operations = [
        migrations.CreateModel(
            name="GuiderRoom",
            fields=[
                (
                    "guider",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="room",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                ("open_cases", models.IntegerField(default=0)),
                ("capacity", models.IntegerField(null=True)),
            ],
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]

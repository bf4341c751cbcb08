from django.db import migrations, models

# The referrals in each status and tier (docs/architecture.md, "The limit facts"): each
# referral written moves one from its old status and tier to its new.
FUNCTIONS = """
CREATE FUNCTION referrals_count_move(
    old_status text, old_tier integer, new_status text, new_tier integer
) RETURNS void LANGUAGE sql AS $$
    -- Both rows in key order, in one statement: two writers moving referrals opposite ways
    -- (asked and answered) take the rows' locks in the same order, so never wait in a ring.
    INSERT INTO referrals_statuscount AS kept (status, tier, n)
    SELECT status, tier, sum(change)
    FROM (VALUES (old_status, coalesce(old_tier, 0), -1), (new_status, coalesce(new_tier, 0), 1))
        AS moved (status, tier, change)
    WHERE status IS NOT NULL
    GROUP BY status, tier
    HAVING sum(change) <> 0
    ORDER BY status, tier
    ON CONFLICT (status, tier) DO UPDATE SET n = kept.n + EXCLUDED.n;
$$;

CREATE FUNCTION referrals_count_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM referrals_count_move(NULL, NULL, NEW.status, NEW.priority_tier);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM referrals_count_move(OLD.status, OLD.priority_tier, NULL, NULL);
    ELSE
        PERFORM referrals_count_move(
            OLD.status, OLD.priority_tier, NEW.status, NEW.priority_tier
        );
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER referrals_count
AFTER INSERT OR DELETE ON referrals_referral
FOR EACH ROW EXECUTE FUNCTION referrals_count_of_row();

CREATE TRIGGER referrals_count_update
AFTER UPDATE OF status, priority_tier ON referrals_referral
FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.priority_tier IS DISTINCT FROM NEW.priority_tier
)
EXECUTE FUNCTION referrals_count_of_row();
"""

# Set-based, once, for every referral.
BACKFILL = """
INSERT INTO referrals_statuscount (status, tier, n)
SELECT status, coalesce(priority_tier, 0), count(*) FROM referrals_referral GROUP BY 1, 2
ON CONFLICT (status, tier) DO NOTHING;
"""

DROP = """
DROP TRIGGER IF EXISTS referrals_count_update ON referrals_referral;
DROP TRIGGER IF EXISTS referrals_count ON referrals_referral;
DROP FUNCTION IF EXISTS referrals_count_of_row();
DROP FUNCTION IF EXISTS referrals_count_move(text, integer, text, integer);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0018_waiting_for_referrer_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatusCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("status", models.CharField(max_length=20)),
                ("tier", models.PositiveSmallIntegerField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("status", "tier"), name="referrals_statuscount_key"
                    )
                ],
            },
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
    ]

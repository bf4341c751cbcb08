"""Children for the seeded referrals: each submitted one its own child record, as the
migration that introduced children would have left them (docs/architecture.md, "One child
across referrals"), so matching is measured on the rows it reads in production."""

from django.db import connection, transaction

from bench.rows import trigger_ids


def link_children() -> int:
    """Give every submitted referral without a child a child of its own; return how many."""
    with transaction.atomic(), connection.cursor() as cursor:
        # As for the seeded rows: no change history for synthetic data (bench/rows.py).
        cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", [trigger_ids()])
        cursor.execute(
            """
            WITH unlinked AS (
                SELECT id FROM referrals_referral
                WHERE child_id IS NULL AND status <> 'draft'
            ), made AS (
                INSERT INTO referrals_child (created_at)
                SELECT now() FROM unlinked
                RETURNING id
            ), paired AS (
                SELECT u.id AS referral_id, m.id AS child_id
                FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM unlinked) u
                JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM made) m USING (n)
            )
            UPDATE referrals_referral r SET child_id = p.child_id
            FROM paired p WHERE r.id = p.referral_id
            """
        )
        linked = cursor.rowcount
        cursor.execute("SELECT set_config('pgtrigger.ignore', NULL, true)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE referrals_referral")
        cursor.execute("ANALYZE referrals_child")
    return linked

"""The SQL that keeps the report summaries current (docs/architecture.md, "Report summaries").

Each family of summaries is recomputed for a set of days by one function, the same for a
write and for a rebuild, so an incremental summary cannot drift from a full one. Statement
triggers on the tables a report reads find the days a write touched and recompute them in the
same transaction.
"""

from django.conf import settings

from vig_service.reports.attunement import RISE
from vig_service.reports.queries import IMPROVED_BY
from vig_service.reports.summary_models import whole_days

# Writers of the same day of a family wait for each other: the lock is per family and day.
LOCK_EPOCH = "DATE '2000-01-01'"
# More days than this (a rebuild, a bulk change) lock the whole family instead, which every
# writer also holds shared: a lock per day would fill the lock table.
MANY_DAYS = 64
# Set to 'off' for a transaction that rebuilds afterwards (the benchmark's COPY seed).
SWITCH = "vig.report_summaries"


def local_day(column: str) -> str:
    """The service's calendar day of a moment."""
    return f"(({column}) AT TIME ZONE '{settings.TIME_ZONE}')::date"


def within_days(column: str) -> str:
    """A join condition: the moment falls on the day `d.day` in the service's time zone."""
    zone = settings.TIME_ZONE
    return (
        f"{column} >= (d.day::timestamp AT TIME ZONE '{zone}') "
        f"AND {column} < ((d.day + 1)::timestamp AT TIME ZONE '{zone}')"
    )


RECEIVED = (
    f"unnest(days) AS d(day) JOIN referrals_referral r ON {within_days('r.submitted_at')} "
    "AND r.status <> 'draft'"
)
CLOSED = "cs AS (SELECT id, closed_on AS day, closure_reason FROM cases_case "
CLOSED += "WHERE status = 'closed' AND closed_on = ANY(days))"
CHANGES = f"""{CLOSED}, q AS (
    SELECT h.case_id,
        (SELECT v.value FROM cycles_rating v WHERE v.question_id = h.id
            AND v.kind <> 'baseline' ORDER BY v.rated_on DESC, v.id DESC LIMIT 1)
        - (SELECT v.value FROM cycles_rating v WHERE v.question_id = h.id
            AND v.kind = 'baseline' LIMIT 1) AS change
    FROM cases_helpingquestion h WHERE h.case_id IN (SELECT id FROM cs))"""
STEPS = f"""{CLOSED}, x AS (
    SELECT h.case_id, s.cycle_id, v.value,
        lag(v.value) OVER (PARTITION BY v.question_id
            ORDER BY v.kind <> 'baseline', COALESCE(y.number, 0)) AS before
    FROM cycles_rating v JOIN cases_helpingquestion h ON h.id = v.question_id
    LEFT JOIN cycles_sharedreview s ON s.id = v.review_id
    LEFT JOIN cycles_cycle y ON y.id = s.cycle_id
    WHERE h.case_id IN (SELECT id FROM cs) AND v.kind IN ('baseline', 'review')
), steps AS (
    SELECT cs.day, x.case_id, x.cycle_id, x.value - x.before >= {RISE} AS rose
    FROM x JOIN cs ON cs.id = x.case_id WHERE x.before IS NOT NULL
), shown AS (
    SELECT DISTINCT k.cycle_id, y.case_id, p.principle
    FROM cycles_clip k JOIN cycles_cycle y ON y.id = k.cycle_id
    CROSS JOIN unnest(k.principles) AS p(principle)
    WHERE k.cycle_id IN (SELECT cycle_id FROM steps))"""


def _waits(measure: str, select: str) -> list[str]:
    # The exact histogram, then the coarse one counted from it (docs/architecture.md,
    # "Report summaries").
    this = f"measure = '{measure}' AND day = ANY(days)"
    return [
        f"DELETE FROM reports_waitday WHERE {this}",
        "INSERT INTO reports_waitday (measure, day, wait, n, wait_days) "
        f"SELECT s.*, {whole_days('s.wait')} FROM ({select}) s(measure, day, wait, n)",
        f"DELETE FROM reports_coarsewaitday WHERE {this}",
        "INSERT INTO reports_coarsewaitday (measure, day, wait_days, n) SELECT measure, day, "
        f"wait_days, sum(n) FROM reports_waitday WHERE {this} GROUP BY 1, 2, 3",
    ]


# Each family: the summaries it refreshes for `days` (a date[]), and every day it has.
FAMILIES = {
    "received": (
        [
            "DELETE FROM reports_referralday WHERE day = ANY(days)",
            "INSERT INTO reports_referralday (day, status, accepted, priority_tier, n) "
            f"SELECT d.day, r.status, r.accepted_at IS NOT NULL, r.priority_tier, count(*) "
            f"FROM {RECEIVED} GROUP BY 1, 2, 3, 4",
            "DELETE FROM reports_referralrouteday WHERE day = ANY(days)",
            "INSERT INTO reports_referralrouteday (day, route_in, n) "
            f"SELECT d.day, r.route_in, count(*) FROM {RECEIVED} GROUP BY 1, 2",
            "DELETE FROM reports_referralprofessionday WHERE day = ANY(days)",
            "INSERT INTO reports_referralprofessionday (day, profession, n) "
            f"SELECT d.day, u.profession, count(*) FROM {RECEIVED} "
            "JOIN accounts_user u ON u.id = r.referrer_id GROUP BY 1, 2",
            "DELETE FROM reports_declineday WHERE day = ANY(days)",
            "INSERT INTO reports_declineday (day, decline_reason, n) "
            f"SELECT d.day, r.decline_reason, count(*) FROM {RECEIVED} "
            "WHERE r.status = 'declined' GROUP BY 1, 2",
        ],
        "SELECT DISTINCT {} FROM referrals_referral WHERE status <> 'draft'".format(
            local_day("submitted_at")
        ),
    ),
    "decision": (
        _waits(
            "decision",
            "SELECT 'decision', d.day, r.decided_at - r.submitted_at, count(*) "
            f"FROM unnest(days) AS d(day) JOIN referrals_referral r "
            f"ON {within_days('r.decided_at')} GROUP BY 1, 2, 3",
        ),
        f"SELECT DISTINCT {local_day('decided_at')} FROM referrals_referral "
        "WHERE decided_at IS NOT NULL",
    ),
    "allocation": (
        _waits(
            "allocation",
            "SELECT 'allocation', d.day, c.created_at - r.accepted_at, count(*) "
            f"FROM unnest(days) AS d(day) JOIN cases_case c ON {within_days('c.created_at')} "
            "JOIN referrals_referral r ON r.id = c.referral_id "
            "WHERE r.accepted_at IS NOT NULL GROUP BY 1, 2, 3",
        ),
        f"SELECT DISTINCT {local_day('created_at')} FROM cases_case",
    ),
    "filming": (
        _waits(
            "filming",
            "SELECT 'filming', f.first, interval '1 day' * (f.first - f.opened_on), count(*) "
            "FROM (SELECT c.opened_on, min(y.filmed_on) AS first FROM cases_case c "
            "JOIN cycles_cycle y ON y.case_id = c.id WHERE y.filmed_on IS NOT NULL "
            "AND c.id IN (SELECT case_id FROM cycles_cycle WHERE filmed_on = ANY(days)) "
            "GROUP BY c.id, c.opened_on) f WHERE f.first = ANY(days) GROUP BY 1, 2, 3",
        ),
        "SELECT DISTINCT filmed_on FROM cycles_cycle WHERE filmed_on IS NOT NULL",
    ),
    "review": (
        _waits(
            "review",
            "SELECT 'review', s.held_on, interval '1 day' * (s.held_on - y.filmed_on), "
            "count(*) FROM cycles_sharedreview s JOIN cycles_cycle y ON y.id = s.cycle_id "
            "WHERE s.held_on = ANY(days) GROUP BY 1, 2, 3",
        ),
        "SELECT DISTINCT held_on FROM cycles_sharedreview",
    ),
    "closed": (
        [
            "DELETE FROM reports_closedcaseday WHERE day = ANY(days)",
            "INSERT INTO reports_closedcaseday "
            "(day, closure_reason, cycle_count, rated, improved, n) "
            # Each case's mean change by one grouping joined to the cases: a subquery on `q`
            # per case had rescanned every closed case's questions for each one, which a
            # rebuild of a million referrals' days never finished.
            f"WITH {CHANGES}, m AS (SELECT case_id, avg(change) AS mean FROM q GROUP BY 1), "
            "per AS (SELECT cs.day, cs.closure_reason, "
            "(SELECT count(*) FROM cycles_cycle y WHERE y.case_id = cs.id) AS cycle_count, "
            "m.mean FROM cs LEFT JOIN m ON m.case_id = cs.id) "
            f"SELECT day, closure_reason, cycle_count, mean IS NOT NULL, "
            f"COALESCE(mean >= {IMPROVED_BY}, false), count(*) FROM per GROUP BY 1, 2, 3, 4, 5",
            "DELETE FROM reports_ratingchangeday WHERE day = ANY(days)",
            "INSERT INTO reports_ratingchangeday (day, change, n) "
            f"WITH {CHANGES} SELECT cs.day, q.change, count(*) FROM q "
            "JOIN cs ON cs.id = q.case_id WHERE q.change IS NOT NULL GROUP BY 1, 2",
            "DELETE FROM reports_attunementday WHERE day = ANY(days)",
            "INSERT INTO reports_attunementday (day, principle, rose, n) "
            f"WITH {STEPS} SELECT day, '', rose, count(*) FROM steps GROUP BY 1, 3 "
            "UNION ALL SELECT st.day, sh.principle, st.rose, count(*) FROM steps st "
            "JOIN shown sh ON sh.cycle_id = st.cycle_id AND sh.case_id = st.case_id "
            "GROUP BY 1, 2, 3",
        ],
        "SELECT DISTINCT closed_on FROM cases_case WHERE status = 'closed'",
    ),
}
TABLES = {
    "received": [
        "reports_referralday",
        "reports_referralrouteday",
        "reports_referralprofessionday",
        "reports_declineday",
    ],
    "decision": ["reports_waitday", "reports_coarsewaitday"],
    "allocation": ["reports_waitday", "reports_coarsewaitday"],
    "filming": ["reports_waitday", "reports_coarsewaitday"],
    "review": ["reports_waitday", "reports_coarsewaitday"],
    "closed": ["reports_closedcaseday", "reports_ratingchangeday", "reports_attunementday"],
}


def _closed_day(case: str) -> str:
    return f"SELECT c.closed_on FROM cases_case c WHERE c.id = {case} AND c.status = 'closed'"


# Each watched table: the columns whose change matters, and per family the days a changed
# row (`x`, old and new versions alike) touches.
WATCHED = {
    "referrals_referral": (
        "status, accepted_at, priority_tier, route_in, referrer_id, decline_reason, "
        "submitted_at, decided_at",
        {
            "received": f"SELECT {local_day('x.submitted_at')} FROM x WHERE x.status <> 'draft'",
            "decision": f"SELECT {local_day('x.decided_at')} FROM x",
            "allocation": f"SELECT {local_day('c.created_at')} FROM x "
            "JOIN cases_case c ON c.referral_id = x.id",
        },
    ),
    "accounts_user": (
        "profession",
        {
            "received": f"SELECT {local_day('r.submitted_at')} FROM x "
            "JOIN referrals_referral r ON r.referrer_id = x.id WHERE r.status <> 'draft'",
        },
    ),
    "cases_case": (
        "created_at, referral_id, opened_on, status, closed_on, closure_reason",
        {
            "allocation": f"SELECT {local_day('x.created_at')} FROM x",
            "filming": "SELECT y.filmed_on FROM x JOIN cycles_cycle y ON y.case_id = x.id",
            "closed": "SELECT x.closed_on FROM x WHERE x.status = 'closed'",
        },
    ),
    "cycles_cycle": (
        "case_id, filmed_on, number",
        {
            "filming": "SELECT x.filmed_on FROM x UNION ALL SELECT y.filmed_on FROM x "
            "JOIN cycles_cycle y ON y.case_id = x.case_id",
            "review": "SELECT s.held_on FROM x JOIN cycles_sharedreview s ON s.cycle_id = x.id",
            "closed": f"SELECT ({_closed_day('x.case_id')}) FROM x",
        },
    ),
    "cycles_sharedreview": (
        "held_on, cycle_id",
        {
            "review": "SELECT x.held_on FROM x",
            "closed": f"SELECT ({_closed_day('y.case_id')}) FROM x "
            "JOIN cycles_cycle y ON y.id = x.cycle_id",
        },
    ),
    "cycles_rating": (
        "kind, value, rated_on, question_id, review_id",
        {
            "closed": f"SELECT ({_closed_day('h.case_id')}) FROM x "
            "JOIN cases_helpingquestion h ON h.id = x.question_id",
        },
    ),
    "cases_helpingquestion": (
        "case_id",
        {"closed": f"SELECT ({_closed_day('x.case_id')}) FROM x"},
    ),
    "cycles_clip": (
        "cycle_id, principles",
        {
            "closed": f"SELECT ({_closed_day('y.case_id')}) FROM x "
            "JOIN cycles_cycle y ON y.id = x.cycle_id",
        },
    ),
}


def _function(name: str, args: str, body: list[str]) -> str:
    statements = "\n".join(f"    {statement};" for statement in body)
    return (
        f"CREATE OR REPLACE FUNCTION {name}({args}) RETURNS void LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{statements}\nEND $$"
    )


def _refresh() -> str:
    cases = "\n".join(
        f"        WHEN '{family}' THEN PERFORM reports_refresh_{family}(days);"
        for family in FAMILIES
    )
    return f"""CREATE OR REPLACE FUNCTION reports_refresh(family text, days date[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    SELECT array_agg(DISTINCT d ORDER BY d) INTO days FROM unnest(days) d WHERE d IS NOT NULL;
    IF days IS NULL THEN RETURN; END IF;
    IF cardinality(days) > {MANY_DAYS} THEN
        PERFORM pg_advisory_xact_lock(hashtext('reports_' || family), -1);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(hashtext('reports_' || family), -1);
        PERFORM pg_advisory_xact_lock(hashtext('reports_' || family), d - {LOCK_EPOCH})
            FROM unnest(days) d ORDER BY d;
    END IF;
    CASE family
{cases}
    END CASE;
END $$"""


def _changed(table: str, columns: str) -> dict[str, str]:
    """The rows a statement wrote, as `x`, for each kind of statement."""
    key = "n.id = o.id"
    differs = f"({', '.join('o.' + c.strip() for c in columns.split(','))}) IS DISTINCT FROM "
    differs += f"({', '.join('n.' + c.strip() for c in columns.split(','))})"
    return {
        "INSERT": "x AS (SELECT * FROM new_rows)",
        "DELETE": "x AS (SELECT * FROM old_rows)",
        "UPDATE": f"x AS (SELECT o.* FROM old_rows o JOIN new_rows n ON {key} WHERE {differs} "
        f"UNION ALL SELECT n.* FROM old_rows o JOIN new_rows n ON {key} WHERE {differs})",
    }


def _mark(table: str) -> str:
    columns, families = WATCHED[table]
    branches = []
    for operation, rows in _changed(table, columns).items():
        calls = "\n".join(
            f"        PERFORM reports_refresh('{family}', ARRAY(WITH {rows} {days}));"
            for family, days in families.items()
        )
        branches.append(f"    IF TG_OP = '{operation}' THEN\n{calls}\n    END IF;")
    body = "\n".join(branches)
    return f"""CREATE OR REPLACE FUNCTION reports_mark_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{SWITCH}', true) = 'off' THEN RETURN NULL; END IF;
{body}
    RETURN NULL;
END $$"""


def _triggers(table: str) -> list[str]:
    referencing = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }
    statements = []
    for operation, tables in referencing.items():
        name = f"reports_summary_{operation.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"CREATE TRIGGER {name} AFTER {operation} ON {table} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION reports_mark_{table}()",
        ]
    return statements


def install_statements() -> list[str]:
    """Every function and trigger, created or replaced."""
    statements = [
        _function(f"reports_refresh_{family}", "days date[]", body)
        for family, (body, _) in FAMILIES.items()
    ]
    statements.append(_refresh())
    for table in WATCHED:
        statements.append(_mark(table))
        statements += _triggers(table)
    return statements


def uninstall_statements() -> list[str]:
    """Every trigger and function, dropped (the migration's reverse)."""
    statements = []
    for table in WATCHED:
        for operation in ("insert", "update", "delete"):
            statements.append(f"DROP TRIGGER IF EXISTS reports_summary_{operation} ON {table}")
        statements.append(f"DROP FUNCTION IF EXISTS reports_mark_{table}()")
    statements.append("DROP FUNCTION IF EXISTS reports_refresh(text, date[])")
    statements += [f"DROP FUNCTION IF EXISTS reports_refresh_{f}(date[])" for f in FAMILIES]
    return statements


def rebuild_statements(family: str) -> list[str]:
    """Empty the family's summaries and compute them again for every day it has."""
    measure = f" WHERE measure = '{family}'" if "reports_waitday" in TABLES[family] else ""
    deletes = [f"DELETE FROM {table}{measure}" for table in TABLES[family]]
    return [*deletes, f"SELECT reports_refresh('{family}', ARRAY({FAMILIES[family][1]}))"]


def coarse_fill_statements() -> list[str]:
    """`wait_days` and the coarse histogram counted from the exact histogram as it stands."""
    return [
        f"UPDATE reports_waitday SET wait_days = {whole_days('wait')}",
        "DELETE FROM reports_coarsewaitday",
        "INSERT INTO reports_coarsewaitday (measure, day, wait_days, n) "
        "SELECT measure, day, wait_days, sum(n) FROM reports_waitday GROUP BY 1, 2, 3",
    ]

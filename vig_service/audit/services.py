"""Writes for the audit: access rows, the unusual-viewing alert, and the audit settings."""

from datetime import timedelta
from functools import cache

from django.db import connections, router, transaction
from django.urls import reverse

from cases.models import Case
from cycles.models import Cycle
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.audit.models import (
    AccessAlert,
    AccessDenial,
    AccessEvent,
    AuditSettings,
    DenialAlert,
    RecordKind,
)
from vig_service.core.client_address import client_address
from vig_service.core.compiled import CompiledQuery, PreparedStatement, type_of
from vig_service.core.email import send_after_commit
from vig_service.core.models import ServiceConfiguration

ALERT_WINDOW = timedelta(hours=1)


def _child_query(model, *columns) -> CompiledQuery:
    return CompiledQuery(
        model,
        lambda record_id: model.objects.filter(pk=record_id).values_list(*columns),
        scalars=["record_id"],
    )


# Read on every record page and every refusal, inside the look-up row's INSERT: compiled once
# (docs/architecture.md, "The floor").
CHILD_OF = {
    RecordKind.REFERRAL: _child_query(Referral, "pk", "reference"),
    RecordKind.CASE: _child_query(Case, "referral_id", "referral__reference"),
    RecordKind.CYCLE: _child_query(Cycle, "case__referral_id", "case__referral__reference"),
}
# The look-up row's columns read from its record (each column named as its field).
_FROM_THE_RECORD = ("referral_id", "child_reference")
_NO_CHILD = ("SELECT NULL::bigint, NULL::varchar", [])
# What each look-up row's alert counts over the person's hour (`v`: their rows' referral ids):
# the different children viewed, and the refusals.
_COUNTED = {AccessEvent: "count(DISTINCT v.referral_id)", AccessDenial: "count(*)"}
# {(model, record kind, database alias): its look-up rows' INSERT}
_LOOK_UP_STATEMENTS: dict = {}


# A guessed address can carry any number; no row's id is past the bigint range.
LARGEST_ID = 2**63 - 1


def _in_range(record_id: int | None) -> int | None:
    """The id, or None for one no row can have (its path still says what was tried)."""
    return record_id if record_id is not None and 0 <= record_id <= LARGEST_ID else None


def _look_up_statement(model, record_kind: str, alias: str, child: tuple[str, list]):
    """The prepared INSERT of a look-up row of `model` that reads its child from the record
    of this kind (`child`: its compiled query's SQL and parameters), and counts what the
    person's alert counts over the hour, this row included; made once per database."""
    key = (model, record_kind, alias)
    statement = _LOOK_UP_STATEMENTS.get(key)
    if statement is not None:
        return statement
    database = connections[alias]
    name = database.ops.quote_name
    table = name(model._meta.db_table)
    fields = _own_fields(model)
    columns = [*(field.column for field in fields), *_FROM_THE_RECORD]
    sql = (
        f"WITH written AS (INSERT INTO {table} ({', '.join(map(name, columns))}) "
        f"SELECT {', '.join(['%s'] * len(fields))}, child.referral_id, "
        "COALESCE(child.reference, '') "
        f"FROM (SELECT 1) AS one LEFT JOIN ({child[0]}) AS child (referral_id, reference) ON true "
        f"RETURNING {name(model._meta.pk.column)} AS id, referral_id, child_reference) "
        f"SELECT w.id, w.referral_id, w.child_reference, (SELECT {_COUNTED[model]} FROM ("
        f"SELECT e.referral_id FROM {table} e WHERE e.user_id = %s AND e.occurred_at > %s "
        "UNION ALL SELECT w.referral_id) AS v) FROM written w"
    )
    types = [field.db_type(database) for field in fields] + [type_of(p) for p in child[1]]
    # Planned once for any hour: PostgreSQL's own choice was to plan each look-up afresh.
    statement = PreparedStatement(sql, [*types, "bigint", "timestamptz"], generic=True)
    return _LOOK_UP_STATEMENTS.setdefault(key, statement)


@cache
def _own_fields(model) -> tuple:
    """The look-up row's columns written from its own values (all but the id and the child);
    the same for every row of a model, so worked out once, not on every record page."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname not in _FROM_THE_RECORD
    )


def _write_look_up(row) -> int:
    """INSERT the look-up row with its child's referral id and reference, read from the record
    in the same statement, which also counts the person's hour for their alert: one round
    trip on every record page (docs/architecture.md, "The floor")."""
    model = type(row)
    alias = router.db_for_write(model)
    database = connections[alias]
    query = CHILD_OF.get(row.record_kind) if row.record_id is not None else None
    child = query.subquery(alias, record_id=row.record_id) if query else _NO_CHILD
    statement = _look_up_statement(model, row.record_kind if query else "", alias, child)
    values = [
        field.get_db_prep_save(getattr(row, field.attname), database)
        for field in _own_fields(model)
    ]
    window = [row.user_id, row.occurred_at - ALERT_WINDOW]
    with database.cursor() as cursor:
        cursor.execute(statement.runnable(database), [*values, *child[1], *window])
        row.pk, row.referral_id, row.child_reference, counted = cursor.fetchone()
    row._state.adding, row._state.db = False, alias
    return counted


def _look_up_row(model, *, request, record_kind: str, record_id: int | None, user=None, **fields):
    """Write one look-up row (a view or a refusal) for the user (the signed-in one) and child;
    with it, what the person's alert counts over the last hour (`_COUNTED`)."""
    user = user or request.user
    row = model(
        user=user,
        roles=", ".join(sorted(user.roles)),
        record_kind=record_kind,
        record_id=_in_range(record_id),
        path=request.get_full_path()[:500],
        ip_address=client_address(request),
        **fields,
    )
    return row, _write_look_up(row)


def access_record(
    *, request, record_kind: str, record_id: int | None, action: str, user=None
) -> AccessEvent:
    """Write one access row for `user` (the signed-in one), then check for unusual viewing."""
    event, children = _look_up_row(
        AccessEvent,
        request=request,
        record_kind=record_kind,
        record_id=record_id,
        action=action,
        user=user,
    )
    if event.referral_id is not None:
        access_alert_check(user=event.user, now=event.occurred_at, children=children)
    return event


def access_alert_check(*, user, now, children: int) -> AccessAlert | None:
    """Raise an alert, once an hour at most per person, past the children-viewed threshold
    (`children`: the different children they viewed in the hour to `now`)."""
    # Read outside a transaction, so the settings come from memory (core/settings_cache.py)
    # and a record page opens no transaction of its own; only raising an alert takes a lock.
    threshold = AuditSettings.load().alert_threshold
    if children <= threshold:
        return None
    return _alert_once(
        AccessAlert,
        user=user,
        now=now,
        email="audit/email/access_alert",
        page="audit:events",
        children_viewed=children,
        threshold=threshold,
    )


@transaction.atomic
def _alert_once(model, *, user, now, email: str, page: str, **fields):
    """Raise an alert of this kind unless one was raised for the person in the last hour.

    The service contact is e-mailed after commit with a link to the Audit page it concerns.
    """
    # Lock the user's row so two requests at once cannot both raise the alert.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if model.objects.filter(user=user, raised_at__gt=now - ALERT_WINDOW).exists():
        return None
    alert = model.objects.create(user=user, raised_at=now, **fields)
    send_after_commit(
        template=email,
        to=[ServiceConfiguration.load().contact_email],
        context={"alert": alert, "person": user, "audit_path": reverse(page)},
    )
    return alert


def access_denial_record(
    *, request, record_kind: str, record_id: int | None, status: int
) -> AccessDenial:
    """Write one refused look-up for the signed-in user, then check for repeated refusals."""
    denial, denials = _look_up_row(
        AccessDenial, request=request, record_kind=record_kind, record_id=record_id, status=status
    )
    denial_alert_check(user=request.user, now=denial.occurred_at, denials=denials)
    return denial


def denial_alert_check(*, user, now, denials: int) -> DenialAlert | None:
    """Raise an alert, once an hour at most per person, when refusals reach the threshold
    (`denials`: their refusals in the hour to `now`)."""
    threshold = AuditSettings.load().denial_alert_threshold
    if denials < threshold:
        return None
    return _alert_once(
        DenialAlert,
        user=user,
        now=now,
        email="audit/email/denial_alert",
        page="audit:denials",
        denials=denials,
        threshold=threshold,
    )

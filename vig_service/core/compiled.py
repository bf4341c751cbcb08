"""Queries compiled once per process, for the reads made on nearly every request.

Building and compiling a queryset costs Python time on every request (about 2.4 ms for the
signed-in user's query, 3.4 ms for the queue's duplicate marks), often more than PostgreSQL
takes to run it. A `CompiledQuery` builds its queryset once per database, with a stand-in
value for each *slot*, keeps the SQL, and on each use binds the slots' values into the same
SQL. The ORM still writes every query, so the rules inside it (`visible_to`, restrictions)
stay in one place (docs/architecture.md, "The floor").

The queryset's shape must depend on nothing but its slots: no settings, roles or dates read
while building it, since those would be fixed at the first use.

Each query is also a prepared statement on each connection that runs it (`PREPARE` once,
then `EXECUTE`), so PostgreSQL parses it once per connection and, where its generic plan costs
no more than planning afresh, stops planning it. Only the slots are the statement's parameters:
the queryset's constants (a status, a kind, `0`) are written into it as literals, quoted by the
driver as it quotes every other query's, so the generic plan knows them as a fresh plan would
(docs/architecture.md, "Compiled queries").
"""

import copy
import itertools
import logging
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from django.db import connections, router
from django.db.models import Field, Lookup, QuerySet
from django.db.models.query import ModelIterable

from vig_service.accounts.models import User
from vig_service.accounts.roles import Role

# Stand-ins no real value can equal: ids are positive, and no record is from the year 1.
_FIRST_STAND_IN = -4_815_162_342
_FIRST_MOMENT = datetime(1, 1, 1, 0, 0, 4, 815162, tzinfo=UTC)
_FIRST_DAY = date(1, 4, 8)  # never equal to a moment: a date is not equal to a datetime

logger = logging.getLogger(__name__)
# What PostgreSQL's bigint holds, as ids are.
_BIGINT = (-(2**63), 2**63 - 1)

# Statement names, one per compiled query in this process; each process has its own connections.
_NAMES = itertools.count(1)
# {statement name: its SQL}, for reading a captured `EXECUTE` back (`statement_of`).
_STATEMENTS: dict[str, str] = {}
_PLACEHOLDER = re.compile(r"%%|%s")
# Every compiled query made in this process, for the test that each one prepares.
EVERY: list["CompiledQuery"] = []


def _numbered(sql: str, literals: dict[int, str]) -> str:
    """Django's SQL with PostgreSQL's `$1`, `$2`… for its `%s` at the slots' positions, and
    the quoted literal for each other position (`literals`)."""
    position, count = -1, 0

    def number(match) -> str:
        nonlocal position, count
        if match.group() == "%%":
            return "%"
        position += 1
        if position in literals:
            return literals[position]
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


# PostgreSQL's types for a stand-in or constant's Python type. Declared, since a parameter with
# no context to infer from (a value in the select list) would otherwise be text; any other
# value's type (a string, a list with its cast) is inferred from where it is used.
_TYPES = ((bool, "boolean"), (int, "bigint"), (datetime, "timestamptz"), (date, "date"))
_TYPES += ((timedelta, "interval"), (float, "double precision"))


def type_of(value) -> str:
    """PostgreSQL's type for a parameter's Python value ("unknown": inferred where it is used)."""
    return next((name for kind, name in _TYPES if isinstance(value, kind)), "unknown")


def statement_of(sql: str) -> str:
    """The SQL a captured `EXECUTE vig_compiled_N(…)` runs; any other SQL as it is."""
    match = re.search(r"(?:^|; )EXECUTE (vig_(?:compiled|prepared)_\d+)\b", sql)
    return _STATEMENTS.get(match.group(1), sql) if match else sql


def _prepared_on(database) -> dict[str, bool]:
    """{statement name: whether it is prepared} for the database wrapper's open connection.

    Kept with the connection object itself: a new connection (reconnected, or a new process)
    starts with none, and a rolled-back transaction keeps them, as PostgreSQL does.
    """
    kept = getattr(database, "_compiled_statements", None)
    if kept is None or kept[0] is not database.connection:
        kept = database._compiled_statements = (database.connection, {})
    return kept[1]


def forget_prepared(database) -> None:
    """Drop every statement prepared on the wrapper's connection (after a migration)."""
    if database.connection is not None and getattr(database, "_compiled_statements", None):
        with database.connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
    database._compiled_statements = None


def _prepare(database, name: str, prepare: str) -> bool:
    """Run `prepare` (PREPARE name AS …): whether PostgreSQL took it."""
    # On the driver's own cursor, so preparing is not a query of the page (its count and its
    # log show the EXECUTE alone); in a transaction, a savepoint keeps a refusal from ending it.
    in_transaction = not database.get_autocommit()
    with database.connection.cursor() as cursor:
        try:
            if in_transaction:
                cursor.execute(f"SAVEPOINT vig_prepare; {prepare}; RELEASE SAVEPOINT vig_prepare")
            else:
                cursor.execute(prepare)
        except database.Database.Error as error:
            if in_transaction:
                cursor.execute("ROLLBACK TO SAVEPOINT vig_prepare; RELEASE SAVEPOINT vig_prepare")
            logger.warning("Statement %s runs unprepared: %s", name, error)
            return False
    return True


class PreparedStatement:
    """A statement the app writes itself (an INSERT that reads its record, say): Django's SQL
    with `%s` for each parameter, of the PostgreSQL `types` given, prepared on each connection
    at its first use so it is parsed and planned once there."""

    def __init__(self, sql: str, types: list[str], *, generic: bool = False):
        self.sql = sql
        # Not "vig_compiled_": django-pghistory skips those, as reads, but sets its context
        # for these, as for any write.
        self.name = f"vig_prepared_{next(_NAMES)}"
        self._prepare = f"PREPARE {self.name}({', '.join(types)}) AS {_numbered(sql, {})}"
        self._execute = f"EXECUTE {self.name}({', '.join(['%s'] * len(types))})"
        # `generic`: PostgreSQL planned a time range's statement afresh on every run (0.3 ms),
        # guessing the range at a third of the table in a plan for any time. SET LOCAL lasts
        # to the end of the one round trip's implicit transaction (docs/architecture.md).
        self._generic = f"SET LOCAL plan_cache_mode = force_generic_plan; {self._execute}"
        self._generic = self._generic if generic else self._execute
        _STATEMENTS[self.name] = sql

    def runnable(self, database) -> str:
        """What to run on `database` with the parameters: EXECUTE, or the SQL itself where
        PostgreSQL would not prepare it."""
        database.ensure_connection()
        prepared = _prepared_on(database)
        if self.name not in prepared:
            prepared[self.name] = _prepare(database, self.name, self._prepare)
        if not prepared[self.name]:
            return self.sql
        # In a transaction the setting would outlast the statement: PostgreSQL's choice there.
        return self._execute if database.in_atomic_block else self._generic


@Field.register_lookup
class AnyOf(Lookup):
    """`field__any=[…]`: the field equals one of a list, bound as one array parameter.

    `__in` writes one parameter per item, so its SQL changes with the list's length; this
    one's does not, so a compiled query can take any list.
    """

    lookup_name = "any"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # An empty list has no element type of its own: the cast gives it the field's.
        element = self.lhs.output_field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{element}[])", (*lhs_params, list(self.rhs))


def stand_in_viewer(viewer_id: int, roles: frozenset[Role]) -> User:
    """An unsaved user with this id and these roles, for building a query per set of roles.

    This is all that the apps' `visible_to` reads of a viewer whose scope follows their roles
    alone (docs/architecture.md, "The floor"); a rule that read more (a team) would be fixed
    at the stand-in's default.
    """
    viewer = User(pk=viewer_id)
    viewer.__dict__["roles"] = roles  # the cached property, as if read
    return viewer


def prefetched(instance, **related: list) -> None:
    """Give `instance` these rows for its reverse relations (`parents=[…]`), as
    `prefetch_related` would: `instance.parents.all()` then reads them, and each row's own
    relation back is `instance`."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in related.items():
        queryset = getattr(instance, name).get_queryset()
        back = getattr(type(instance), name).field
        for row in rows:
            back.set_cached_value(row, instance)
        queryset._result_cache, queryset._prefetch_done = list(rows), True
        cache[name] = queryset


class CompiledQuery:
    """`build(**slots)` gives a queryset of `model`; calling this with the slots' values runs
    its SQL, compiled at the first call on each database."""

    def __init__(
        self,
        model,
        build: Callable[..., QuerySet],
        *,
        scalars=(),
        lists=(),
        moments=(),
        days=(),
        texts=(),
        optional=(),
    ):
        """`scalars` are ids (or other integers), `lists` lists of them, `moments` aware
        datetimes, `days` dates, `texts` strings compared whole (`exact`, `iexact`); the slots
        named in `optional` may go unused (a scope that reads them for some roles only)."""
        self.optional = frozenset(optional)
        self.model = model
        self.build = build
        self.stand_ins = {name: _FIRST_STAND_IN - i for i, name in enumerate(scalars)}
        self.stand_ins |= {
            name: [_FIRST_STAND_IN - len(scalars) - i] for i, name in enumerate(lists)
        }
        self.stand_ins |= {
            name: _FIRST_MOMENT + timedelta(seconds=i) for i, name in enumerate(moments)
        }
        self.stand_ins |= {name: _FIRST_DAY + timedelta(days=i) for i, name in enumerate(days)}
        # PostgreSQL's text holds no NUL, so no value stored can equal these.
        self.stand_ins |= {name: f"\x00vig-text-{i}" for i, name in enumerate(texts)}
        # {database alias: (sql, params, {position: slot})}; a dict's get and set are atomic.
        self._compiled: dict[str, tuple[str, tuple, dict[int, str]]] = {}
        self.name = f"vig_compiled_{next(_NAMES)}"
        EVERY.append(self)
        # {database alias: (PREPARE's SQL, EXECUTE's SQL, the slots' positions in order)}
        self._statements: dict[str, tuple[str, str, list[int]]] = {}
        # The compiler that wrote each, with what it knows of the columns (for `loaded`).
        self._compilers: dict = {}
        self._converters: dict = {}

    def _compile(self, alias: str) -> tuple[str, tuple, dict[int, str]]:
        compiler = self.build(**self.stand_ins).query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        self._compilers[alias] = compiler
        slots = {
            position: name
            for position, param in enumerate(params)
            for name, stand_in in self.stand_ins.items()
            if param == stand_in
        }
        missing = set(self.stand_ins) - set(slots.values()) - self.optional
        if missing:
            raise ValueError(f"The query does not use its slots {sorted(missing)}")
        # Quoted by the driver, exactly as it quotes the parameters of every ORM query.
        database = connections[alias]
        database.ensure_connection()
        with database.connection.cursor() as cursor:
            literals = {
                position: cursor.mogrify("%s", [param]).decode()
                for position, param in enumerate(params)
                if position not in slots
            }
        order = sorted(slots)
        arguments = f"({', '.join(['%s'] * len(order))})" if order else ""
        types = ", ".join(type_of(params[position]) for position in order)
        self._statements[alias] = (
            f"PREPARE {self.name}{f'({types})' if order else ''} AS {_numbered(sql, literals)}",
            f"EXECUTE {self.name}{arguments}",
            order,
        )
        _STATEMENTS[self.name] = sql
        return sql, tuple(params), slots

    def _runnable(self, alias: str, sql: str, bound: list) -> tuple[str, list]:
        """EXECUTE of this query's statement with the slots' values, prepared on this
        connection first if need be; the SQL itself where PostgreSQL would not prepare it."""
        database = connections[alias]
        database.ensure_connection()
        prepared = _prepared_on(database)
        prepare, execute, order = self._statements[alias]
        if self.name not in prepared:
            prepared[self.name] = _prepare(database, self.name, prepare)
        if not prepared[self.name]:
            return sql, bound
        return execute, [bound[position] for position in order]

    def _matches_nothing(self, values: dict) -> bool:
        """Whether a scalar slot is an integer no bigint can hold (a guessed address's
        `/cases/99999999999999999999/`): no id equals it, and PostgreSQL would refuse it, so
        the query finds nothing, as the ORM's does for such a value."""
        return any(
            not _BIGINT[0] <= values[name] <= _BIGINT[1]
            for name in self.stand_ins
            if isinstance(values.get(name), int) and not isinstance(values[name], bool)
        )

    def _bound(self, values: dict) -> tuple[str, str, list]:
        values = {
            name: [item for item in value if _BIGINT[0] <= item <= _BIGINT[1]]
            if isinstance(value, list)
            else value
            for name, value in values.items()
        }
        alias = router.db_for_read(self.model)
        return alias, *self._runnable(alias, *self.subquery(alias, **values))

    def subquery(self, alias: str, **values) -> tuple[str, list]:
        """The query's SQL on database `alias` and its parameters with the slots' values, to
        write into a larger statement (an INSERT that reads it, say)."""
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        sql, params, slots = compiled
        bound = list(params)
        for position, name in slots.items():
            bound[position] = values[name]
        return sql, bound

    def rows(self, **values) -> list[tuple]:
        """The rows as tuples (a `values_list` queryset's columns, as the database gives them)."""
        if self._matches_nothing(values):
            return []
        alias, sql, bound = self._bound(values)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, bound)
            return cursor.fetchall()

    def value(self, default=None, **values):
        """The first column of the first row (a count grouped to one row, say), or `default`
        when there is no row."""
        rows = self.rows(**values)
        return rows[0][0] if rows else default

    def first(self, **values):
        """The first model instance the query finds (with its annotations), or None."""
        return next(iter(self._instances(values)), None)

    def all(self, **values) -> list:
        """Every model instance the query finds, each with its annotations; a field the
        queryset left out (`only`) is deferred, as on the queryset's own instances."""
        return list(self._instances(values))

    def loaded(self, **values) -> list:
        """Every model instance as the queryset itself gives them: its `select_related` rows
        and annotations set, each column converted by its field (no `prefetch_related`)."""
        if self._matches_nothing(values):
            return []
        alias, sql, bound = self._bound(values)
        # A copy of the kept compiler, on this thread's connection, that runs the bound SQL:
        # Django's own iterable then builds the instances from it.
        kept = self._compilers[alias]
        runner = copy.copy(kept)
        runner.connection = connections[alias]
        runner.as_sql = lambda *args, **kwargs: (sql, bound)
        # Which columns need converting is the same every time: worked out once.
        converters = self._converters.get(alias)
        if converters is None:
            converters = self._converters[alias] = kept.get_converters(
                [column[0] for column in kept.select[: kept.col_count]]
            )
        runner.get_converters = lambda expressions: converters
        return list(ModelIterable(_Ran(self.model, alias, runner)))

    def _instances(self, values: dict):
        if self._matches_nothing(values):
            return []
        alias, sql, bound = self._bound(values)
        return self.model._default_manager.db_manager(alias).raw(sql, bound)


class _Ran:
    """What Django's ModelIterable reads of a queryset, for a compiler already prepared."""

    _known_related_objects: dict = {}  # noqa: RUF012 (read, never changed)

    def __init__(self, model, alias: str, compiler):
        self.model, self.db = model, alias
        self.query = self  # the iterable asks the query for its compiler
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        """The prepared compiler, whatever is asked."""
        return self._compiler


def rows_of(model, key: str, *, related=(), order=()) -> CompiledQuery:
    """A compiled query of `model`'s rows whose `key` (a foreign key's column, `case_id`) is
    the slot of that name, with their `related` rows, in `order` (else the model's own)."""

    def build(**slots):
        rows = model._default_manager.filter(**{key: slots[key]}).select_related(*related)
        return rows.order_by(*order) if order else rows

    return CompiledQuery(model, build, scalars=[key])

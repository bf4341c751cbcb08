"""Queries compiled once per process, for the reads made on nearly every request.

Building and compiling a queryset costs Python time on every request (about 2.4 ms for the
signed-in user's query, 3.4 ms for the queue's duplicate marks), often more than PostgreSQL
takes to run it. A `CompiledQuery` builds its queryset once per database, with a stand-in
value for each *slot*, keeps the SQL, and on each use binds the slots' values into the same
SQL. The ORM still writes every query, so the rules inside it (`visible_to`, restrictions)
stay in one place (docs/architecture.md, "The floor").

The queryset's shape must depend on nothing but its slots: no settings, roles or dates read
while building it, since those would be fixed at the first use.
"""

import copy
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
        optional=(),
    ):
        """`scalars` are ids (or other integers), `lists` lists of them, `moments` aware
        datetimes, `days` dates; the slots named in `optional` may go unused (a scope that
        reads them for some roles only)."""
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
        # {database alias: (sql, params, {position: slot})}; a dict's get and set are atomic.
        self._compiled: dict[str, tuple[str, tuple, dict[int, str]]] = {}
        # The compiler that wrote each, with what it knows of the columns (for `loaded`).
        self._compilers: dict = {}

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
        return sql, tuple(params), slots

    def _bound(self, values: dict) -> tuple[str, str, list]:
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        sql, params, slots = compiled
        bound = list(params)
        for position, name in slots.items():
            bound[position] = values[name]
        return alias, sql, bound

    def rows(self, **values) -> list[tuple]:
        """The rows as tuples (a `values_list` queryset's columns, as the database gives them)."""
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
        alias, sql, bound = self._bound(values)
        # A copy of the kept compiler, on this thread's connection, that runs the bound SQL:
        # Django's own iterable then builds the instances from it.
        runner = copy.copy(self._compilers[alias])
        runner.connection = connections[alias]
        runner.as_sql = lambda *args, **kwargs: (sql, bound)
        return list(ModelIterable(_Ran(self.model, alias, runner)))

    def _instances(self, values: dict):
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

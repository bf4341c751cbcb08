"""Compiled queries run as statements prepared once per connection (docs/architecture.md,
"Compiled queries")."""

import importlib
import subprocess
from datetime import timedelta
from pathlib import Path

import pghistory
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.models import DurationField, Func, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import UserFactory
from vig_service.core import compiled
from vig_service.core.compiled import CompiledQuery, forget_prepared, statement_of

pytestmark = pytest.mark.django_db


def _prepared_here() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def _names_query():
    return CompiledQuery(
        User,
        lambda *, user_id: User.objects.filter(pk=user_id).values_list("full_name"),
        scalars=["user_id"],
    )


def test_a_compiled_query_is_prepared_once_and_each_call_executes_it_with_its_values():
    ann, bob = UserFactory(full_name="Ann"), UserFactory(full_name="Bob")
    query = _names_query()
    with CaptureQueriesContext(connection) as queries:
        assert query.rows(user_id=ann.pk) == [("Ann",)]
        assert query.rows(user_id=bob.pk) == [("Bob",)]
    # One query a call, as before: preparing is not one of the page's queries.
    assert [q["sql"].split("(")[0] for q in queries] == [f"EXECUTE {query.name}"] * 2
    assert 'FROM "accounts_user"' in statement_of(queries[0]["sql"])
    assert f"PREPARE {query.name}(bigint) AS" in _prepared_here()[query.name]


def test_a_statement_prepared_in_a_transaction_rolled_back_still_runs():
    """PostgreSQL keeps a prepared statement whatever becomes of its transaction."""
    ann = UserFactory(full_name="Ann")
    query = _names_query()
    with transaction.atomic():
        assert query.rows(user_id=ann.pk) == [("Ann",)]
        transaction.set_rollback(True)
    assert query.rows(user_id=ann.pk) == [("Ann",)]


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again():
    ann = UserFactory(full_name="Ann")
    query = _names_query()
    query.rows(user_id=ann.pk)
    # A fresh connection, as after CONN_MAX_AGE or a lost connection.
    connection.close()
    assert query.name not in _prepared_here()
    assert query.rows(user_id=ann.pk) == [("Ann",)]
    assert query.name in _prepared_here()


def test_a_value_in_the_select_list_keeps_its_type():
    """With nothing to infer its type from, PostgreSQL would make the parameter text."""
    ann = UserFactory(full_name="Ann")
    query = CompiledQuery(
        User,
        lambda *, user_id: (
            User.objects.annotate(echo=Value(user_id)).filter(pk=ann.pk).values_list("echo")
        ),
        scalars=["user_id"],
    )
    assert query.rows(user_id=7) == [(7,)]
    assert query.name in _prepared_here()


def test_a_query_postgresql_will_not_prepare_runs_as_plain_sql_in_the_same_transaction(caplog):
    """A bigint where PostgreSQL wants an integer (a function's argument) is refused by
    PREPARE: the query still answers, and the transaction it ran in goes on."""
    ann = UserFactory(full_name="Ann")
    # make_interval(years, months, weeks, days) takes integers.
    interval = "make_interval(0, 0, 0, %(expressions)s)"

    def build(*, days):
        span = Func(Value(days), template=interval, output_field=DurationField())
        return User.objects.filter(pk=ann.pk).annotate(span=span).values_list("span")

    query = CompiledQuery(User, build, scalars=["days"])
    with transaction.atomic():
        assert query.rows(days=3) == [(timedelta(days=3),)]
        assert User.objects.filter(pk=ann.pk).exists()  # the transaction is still usable
    assert query.name not in _prepared_here()
    assert "runs unprepared" in caplog.text


def test_forgetting_after_a_migration_deallocates_and_the_next_call_prepares_again():
    ann = UserFactory(full_name="Ann")
    query = _names_query()
    query.rows(user_id=ann.pk)
    forget_prepared(connection)
    assert _prepared_here() == {}
    assert query.rows(user_id=ann.pk) == [("Ann",)]
    assert query.name in _prepared_here()


def _modules_with_compiled_queries():
    found = subprocess.run(
        ["git", "grep", "-l", "CompiledQuery(", "--", "*.py"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        ".".join(Path(path).with_suffix("").parts)
        for path in found
        if "/tests/" not in path and not path.endswith("compiled.py")
    ]


def test_every_compiled_query_of_the_service_prepares():
    """A query PREPARE refuses would still work, but slower: none of the service's may be."""
    for module in _modules_with_compiled_queries():
        importlib.import_module(module)
    service = [query for query in compiled.EVERY if "tests" not in query.build.__module__]
    assert len(service) >= 10
    refused = []
    for query in service:
        query._bound(dict(query.stand_ins))
        if not compiled._prepared_on(connection).get(query.name):
            refused.append(f"{query.build.__module__}.{query.build.__qualname__}")
    assert refused == []


def test_pghistorys_context_is_not_put_before_a_compiled_query():
    """It is a read, which pghistory leaves alone, though it runs as EXECUTE."""
    ann = UserFactory(full_name="Ann")
    query = _names_query()
    with pghistory.context(url="/"), CaptureQueriesContext(connection) as queries:
        assert query.rows(user_id=ann.pk) == [("Ann",)]
    assert queries[0]["sql"].startswith(f"EXECUTE {query.name}(")


def test_only_the_slots_are_parameters_and_the_constants_are_quoted_literals():
    """Constants written into the statement let its generic plan know them, as a fresh plan
    would; they are quoted as the driver quotes any query's values (a quote, a per cent)."""
    tricky = "O'Brien %s 100% \\'; DROP TABLE accounts_user; --"
    ann, bob = UserFactory(full_name=tricky), UserFactory(full_name="Bob")
    query = CompiledQuery(
        User,
        lambda *, user_id: User.objects.filter(pk__gte=user_id, full_name=tricky).values_list(
            "pk"
        ),
        scalars=["user_id"],
    )
    assert query.rows(user_id=min(ann.pk, bob.pk)) == [(ann.pk,)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = %s",
            [query.name],
        )
        assert cursor.fetchone() == (["bigint"],)
    assert User.objects.filter(pk=bob.pk).exists()


def test_an_id_past_bigint_finds_nothing_rather_than_failing():
    """PostgreSQL refuses such a value; no id can equal it, as the ORM's own lookup knows."""
    ann = UserFactory(full_name="Ann")
    query = _names_query()
    assert query.rows(user_id=10**20) == []
    assert query.value("none", user_id=-(10**20)) == "none"
    listed = CompiledQuery(
        User,
        lambda *, ids: User.objects.filter(pk__any=ids).values_list("full_name"),
        lists=["ids"],
    )
    assert listed.rows(ids=[10**20, ann.pk]) == [("Ann",)]


def test_a_prepared_statement_runs_as_execute_and_as_its_sql_where_postgresql_refuses_it():
    """The app's own statements (the audit's INSERT) are prepared once per connection; one
    PostgreSQL will not prepare still runs, as the SQL itself."""
    ann = UserFactory(full_name="Ann")
    names = compiled.PreparedStatement(
        "SELECT full_name FROM accounts_user WHERE id = %s AND full_name <> %s", ["bigint", "text"]
    )
    refused = compiled.PreparedStatement("SELECT make_interval(0, 0, 0, %s)", ["bigint"])
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(names.runnable(connection), [ann.pk, "Bob"])
            assert cursor.fetchall() == [("Ann",)]
        assert names.runnable(connection).startswith(f"EXECUTE {names.name}(")
        assert names.name in _prepared_here()
        cursor.execute(refused.runnable(connection), [3])
        assert cursor.fetchall() == [(timedelta(days=3),)]
        assert refused.name not in _prepared_here()


EARLY = timezone.now() - timedelta(days=365 * 100)


def _plans(*names: str) -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE name = ANY(%s)",
            [list(names)],
        )
        return {name: (generic, custom) for name, generic, custom in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_a_generic_statement_is_planned_once_for_any_time_and_the_setting_ends_with_it():
    """A statement over a time range is planned once, not afresh on each run as PostgreSQL
    would choose; the setting lasts one round trip, and inside a transaction is not used."""
    UserFactory.create_batch(3)
    statement = compiled.PreparedStatement(
        "SELECT count(*) FROM accounts_user WHERE date_joined > %s", ["timestamptz"], generic=True
    )
    with connection.cursor() as cursor:
        for days in range(8):
            cursor.execute(statement.runnable(connection), [EARLY + timedelta(days)])
            assert cursor.fetchone() == (3,)
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)
    assert _plans(statement.name) == {statement.name: (8, 0)}
    with transaction.atomic(), connection.cursor() as cursor:
        assert statement.runnable(connection).startswith("EXECUTE ")
        cursor.execute(statement.runnable(connection), [timezone.now()])
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)
    assert statement_of(statement._generic) == statement.sql

"""Queries compiled once: each call binds its own values into the same SQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.functions import Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import TeamFactory, UserFactory
from vig_service.core.compiled import CompiledQuery

pytestmark = pytest.mark.django_db


def _counting(build):
    calls = []

    def counted(**slots):
        calls.append(slots)
        return build(**slots)

    return counted, calls


def test_each_call_binds_its_own_values_into_sql_built_once():
    ann, bob, cat = UserFactory(full_name="Ann"), UserFactory(full_name="Bob"), UserFactory()
    build, calls = _counting(
        lambda *, ids, not_id: (
            User.objects.filter(pk__any=ids)
            .exclude(pk=not_id)
            .order_by("full_name")
            .values_list("full_name")
        )
    )
    query = CompiledQuery(User, build, scalars=["not_id"], lists=["ids"])
    assert query.rows(ids=[ann.pk, bob.pk, cat.pk], not_id=cat.pk) == [("Ann",), ("Bob",)]
    assert query.rows(ids=[ann.pk, cat.pk], not_id=ann.pk) == [(cat.full_name,)]
    assert query.rows(ids=[], not_id=ann.pk) == []
    assert len(calls) == 1


def test_first_gives_the_model_with_its_annotations_or_none():
    ann = UserFactory(full_name="Ann")
    query = CompiledQuery(
        User, lambda *, user_id: User.objects.filter(pk=user_id), scalars=["user_id"]
    )
    with CaptureQueriesContext(connection) as queries:
        found = query.first(user_id=ann.pk)
    assert (found.pk, found.full_name, found.email) == (ann.pk, "Ann", ann.email)
    assert len(queries) == 1
    assert query.first(user_id=ann.pk + 1000) is None


def test_any_lookup_finds_what_in_finds():
    users = UserFactory.create_batch(4)
    ids = [users[0].pk, users[2].pk, 10**9]
    assert set(User.objects.filter(pk__any=ids)) == set(User.objects.filter(pk__in=ids))


def test_a_slot_the_query_never_uses_is_refused():
    query = CompiledQuery(
        User, lambda *, user_id: User.objects.filter(is_active=True), scalars=["user_id"]
    )
    with pytest.raises(ValueError, match="user_id"):
        query.rows(user_id=1)


def test_a_moment_slot_binds_each_calls_time_and_all_gives_every_instance():
    """Sign-ins between two moments, bound per call; deferred fields load when read."""
    now = timezone.now()
    early, late = (UserFactory(last_login=now - timedelta(days=d)) for d in (10, 1))
    query = CompiledQuery(
        User,
        lambda *, since, until: (
            User.objects.filter(last_login__gte=since, last_login__lt=until)
            .only("full_name")
            .order_by("last_login")
        ),
        moments=["since", "until"],
    )
    both = query.all(since=now - timedelta(days=11), until=now)
    assert [user.pk for user in both] == [early.pk, late.pk]
    assert both[1].email == late.email  # not selected: read when asked for
    assert [u.pk for u in query.all(since=now - timedelta(days=2), until=now)] == [late.pk]
    assert query.all(since=now, until=now + timedelta(days=1)) == []


def test_a_day_slot_binds_each_calls_date_beside_a_moment_slot():
    """People who joined on or after a day and signed in before a moment, bound per call."""
    now = timezone.now()
    joined = [UserFactory(date_joined=now - timedelta(days=d), last_login=now) for d in (30, 3)]
    query = CompiledQuery(
        User,
        lambda *, since, before: User.objects.filter(
            date_joined__date__gte=since, last_login__lt=before
        ).values_list("pk"),
        days=["since"],
        moments=["before"],
    )
    later = now + timedelta(seconds=1)
    assert {pk for (pk,) in query.rows(since=now.date() - timedelta(days=31), before=later)} == {
        user.pk for user in joined
    }
    assert query.rows(since=now.date() - timedelta(days=5), before=later) == [(joined[1].pk,)]
    assert query.rows(since=now.date() - timedelta(days=5), before=now) == []


def test_value_gives_the_first_column_of_the_first_row_or_the_default():
    ann = UserFactory(full_name="Ann")
    query = CompiledQuery(
        User,
        lambda *, user_id: User.objects.filter(pk=user_id).values_list("full_name"),
        scalars=["user_id"],
    )
    assert query.value(user_id=ann.pk) == "Ann"
    assert query.value("nobody", user_id=ann.pk + 1000) == "nobody"


def test_loaded_gives_instances_with_their_related_rows_and_annotations_in_one_query():
    """As the queryset would: the team read with the person, the annotation set."""
    ann = UserFactory(full_name="Ann", team=TeamFactory(name="Health visiting north"))
    bob = UserFactory(full_name="Bob", team=TeamFactory(name="Family support"))
    query = CompiledQuery(
        User,
        lambda *, user_id: (
            User.objects.filter(pk=user_id)
            .select_related("team")
            .annotate(shout=Upper("full_name"))
        ),
        scalars=["user_id"],
    )
    for person, team in ((ann, "Health visiting north"), (bob, "Family support")):
        with CaptureQueriesContext(connection) as queries:
            (loaded,) = query.loaded(user_id=person.pk)
            assert (loaded.team.name, loaded.shout) == (team, person.full_name.upper())
        assert len(queries) == 1
    assert query.loaded(user_id=ann.pk + bob.pk) == []


def test_an_optional_slot_may_go_unused_and_is_bound_where_it_is_used():
    """A scope reads a slot for some roles only: unused there, bound where it is read."""
    ann = UserFactory(full_name="Ann")

    def build(*, user_id, wide):
        return User.objects.filter(pk=user_id if wide else ann.pk).values_list("full_name")

    unused = CompiledQuery(
        User,
        lambda *, user_id: build(user_id=user_id, wide=False),
        scalars=["user_id"],
        optional=["user_id"],
    )
    assert unused.rows(user_id=ann.pk + 1) == [("Ann",)]
    used = CompiledQuery(
        User,
        lambda *, user_id: build(user_id=user_id, wide=True),
        scalars=["user_id"],
        optional=["user_id"],
    )
    assert used.rows(user_id=ann.pk + 1) == []

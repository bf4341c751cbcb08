"""The signed-in user's roles are read with the user, in one query on every request, and a
role taken away still applies at once."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import CoordinatorFactory, ReferrerFactory
from vig_service.core.compiled import statement_of

pytestmark = pytest.mark.django_db


def test_the_user_and_their_roles_are_one_query(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    client.get(reverse("core:accessibility"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("core:accessibility"))
    assert "Queue" in page.content.decode()  # the coordinator's navigation, from the roles
    # The user's query is compiled: read the statement each EXECUTE runs.
    statements = [statement_of(q["sql"]) for q in queries]
    reads = [sql for sql in statements if 'FROM "accounts_user"' in sql]
    assert len(reads) == 1
    assert '"auth_group"' in reads[0]
    assert not [sql for sql in statements if sql.startswith('SELECT "auth_group"')]


def test_a_role_taken_away_applies_on_the_next_request(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    assert client.get(reverse("referrals:queue")).status_code == 200
    coordinator.groups.remove(Group.objects.get(name=Role.COORDINATOR.value))
    assert client.get(reverse("referrals:queue")).status_code == 403


def test_each_request_reads_its_own_user_from_the_query_compiled_once(client):
    coordinator = CoordinatorFactory()
    referrer = ReferrerFactory()
    client.force_login(coordinator)
    assert client.get(reverse("referrals:queue")).status_code == 200
    client.force_login(referrer)
    # The same compiled query, another id: the referrer's own roles, not the coordinator's.
    assert client.get(reverse("referrals:queue")).status_code == 403
    page = client.get(reverse("core:accessibility"))
    assert "Queue" not in page.content.decode()


def test_a_session_naming_an_account_that_is_gone_is_signed_out(client):
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    coordinator.delete()
    page = client.get(reverse("referrals:queue"))
    assert page.status_code == 302
    assert reverse("accounts:login") in page["Location"]

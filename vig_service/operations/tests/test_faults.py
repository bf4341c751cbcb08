"""The database connection dies mid-write: a 'try again' page, nothing half-written, one retry.

The backend is terminated from a second connection (pg_terminate_backend) by a hook
placed inside the service between its writes, as a crash or failover would.
"""

import re

import pytest
from django.core import mail
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases import allocation
from cases.models import Case, CaseEvent
from referrals.models import ReferenceCounter, Referral, ReferralEvent
from referrals.services import submission
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import CoordinatorFactory, GuiderFactory
from vig_service.operations import postgres

TRY_AGAIN = "Sorry, there was a problem – try again"


def terminate_own_backend():
    """Kill this process's database session from outside, as a crash or failover would."""
    pid = connection.connection.info.backend_pid
    other = postgres.connect()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
            assert cursor.fetchone() == (True,)
    finally:
        other.close()


def hidden_inputs(html: str) -> dict:
    """The hidden fields of the 'try again' form, as the browser would send them."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


@pytest.fixture
def fail_once(monkeypatch):
    """Wrap a service step so the backend dies after (or before) it, on the first call only."""

    def install(module, name, *, after: bool):
        original = getattr(module, name)
        calls = []

        def wrapper(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1 and not after:
                terminate_own_backend()
            result = original(*args, **kwargs)
            if len(calls) == 1 and after:
                terminate_own_backend()
            return result

        monkeypatch.setattr(module, name, wrapper)
        return calls

    return install


def test_connection_lost_during_submit_leaves_the_draft_and_a_retry_submits_once(
    client, configuration, fail_once
):
    """The reference counter and status change roll back together; retrying submits once."""
    referral = CompleteDraftFactory()
    client.force_login(referral.referrer)
    check = reverse("referrals:check", args=[referral.pk])
    # Between the reference being taken (the counter's UPDATE) and the status change.
    fail_once(submission, "transition", after=False)

    response = client.post(check)

    assert response.status_code == 503
    assert TRY_AGAIN in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT
    assert referral.reference is None
    assert not ReferenceCounter.objects.exists()
    assert list(referral.events.values_list("action", flat=True)) == []
    assert mail.outbox == []

    retried = client.post(check)
    again = client.post(check)
    assert retried.status_code == again.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.reference == f"VIG-{timezone.localdate().year}-00001"
    assert ReferralEvent.objects.filter(referral=referral, action="submitted").count() == 1
    assert len(mail.outbox) == 2


def test_connection_lost_during_allocation_opens_no_case_and_the_resent_form_allocates_once(
    client, configuration, fail_once
):
    """The case written before the failure rolls back; 'Try again' resends the same answers."""
    coordinator = CoordinatorFactory()
    guider = GuiderFactory()
    referral = SubmittedReferralFactory(status="accepted", accepted_at=timezone.now())
    client.force_login(coordinator)
    url = reverse("referrals:action", args=[referral.pk, "allocate"])
    # After the case and its event are written, before the referral's status changes.
    calls = fail_once(allocation, "case_open", after=True)

    response = client.post(url, {"version": 1, "guider": guider.pk})

    html = response.content.decode()
    assert response.status_code == 503
    assert TRY_AGAIN in html
    assert calls == [1]
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    referral.refresh_from_db()
    assert (referral.status, referral.version) == ("accepted", 1)
    assert not referral.events.filter(action="allocated").exists()
    resend = hidden_inputs(html)
    assert resend.pop("csrfmiddlewaretoken")  # a fresh token for the resent form
    assert resend == {"version": "1", "guider": str(guider.pk)}

    retried = client.post(url, resend)
    assert retried.status_code == 302
    again = client.post(url, resend)
    assert again.status_code == 302  # refused with a message: already allocated
    referral.refresh_from_db()
    assert referral.status == "allocated"
    assert Case.objects.filter(referral=referral, guider=guider).count() == 1
    assert referral.events.filter(action="allocated").count() == 1


def test_page_read_while_database_is_down_gets_the_try_again_page(
    client, transactional_db, fail_once
):
    """A GET that loses its connection offers a link to try again, with status 503."""
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    from referrals import triage_views

    fail_once(triage_views.selectors, "queue", after=False)
    response = client.get(reverse("referrals:queue"))
    assert response.status_code == 503
    assert f'href="{reverse("referrals:queue")}"' in response.content.decode()
    assert client.get(reverse("referrals:queue")).status_code == 200


def _wsgi_get(handler, path):
    """One request through the full WSGI stack, with its request_started/finished signals."""
    environ = RequestFactory().get(path).environ
    statuses = []
    body = b"".join(handler(environ, lambda status, headers: statuses.append(status)))
    return int(statuses[0].split()[0]), body


@pytest.mark.serial  # restarting the shared server would cut the other worker's sessions
@pytest.mark.skipif(
    not postgres.embedded_data_dir().joinpath("postmaster.pid").exists(),
    reason="only where the embedded PostgreSQL runs (DATABASE_URL points elsewhere)",
)
def test_app_survives_the_embedded_postgresql_restarting_under_it(transactional_db):
    """A persistent connection broken by a server restart is noticed and replaced.

    CONN_HEALTH_CHECKS makes Django test the reused connection at the start of a request.
    """
    handler = WSGIHandler()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        assert _wsgi_get(handler, "/healthz")[0] == 200
        before = connection.connection
        assert before is not None  # kept open between requests
        assert not before.closed

        postgres.restart_embedded_server()

        status, body = _wsgi_get(handler, "/healthz")
        assert status == 200, body
        assert connection.connection is not before
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()

"""The client's address behind the load balancer: one function for lockout, audit and logs."""

import json
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory, ReferrerFactory
from vig_service.audit.models import AccessEvent
from vig_service.core.client_address import client_address
from vig_service.operations.logging import JsonFormatter

LOGIN = reverse("accounts:login")
BALANCER = "10.0.0.254"


def _sign_in(email, password, *, forwarded=None, remote=BALANCER):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(LOGIN, {"username": email, "password": password}, **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.254"),  # no proxies: the header is ignored entirely
        (0, None, "10.0.0.254"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the forged left part is never read
        (1, "not-an-address, 203.0.113.7", "203.0.113.7"),
        (1, '"198.51.100.1, 203.0.113.7', "203.0.113.7"),  # a stray quote changes nothing
        (1, "203.0.113.7:51234", "203.0.113.7"),
        (1, "[2001:db8::7]:443", "2001:db8::7"),
        (1, "::ffff:203.0.113.7", "203.0.113.7"),
        (1, None, "10.0.0.254"),  # came straight to the app: its own connection
        (1, "", "10.0.0.254"),
        (1, "garbage", "10.0.0.254"),  # the balancer's entry is malformed: fall back
        (2, "198.51.100.9, 203.0.113.7, 192.0.2.10", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.254"),  # too short for two proxies: fall back
    ],
)
def test_client_address_counts_proxy_count_hops_from_the_right(
    settings, proxies, forwarded, expected
):
    """PROXY_COUNT hops from the right of X-Forwarded-For, else the connection's address."""
    settings.PROXY_COUNT = proxies
    headers = {"REMOTE_ADDR": BALANCER}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_address(RequestFactory().get("/", **headers)) == expected


def test_behind_the_balancer_one_persons_failures_do_not_lock_out_another(settings, db):
    """With PROXY_COUNT=1, five wrong passwords lock the pair for that client address only."""
    settings.PROXY_COUNT = 1
    CoordinatorFactory(email="coordinator@example.org")
    for _ in range(5):
        _sign_in("coordinator@example.org", "wrong", forwarded="203.0.113.7")
    assert (
        _sign_in("coordinator@example.org", PASSWORD, forwarded="203.0.113.7").status_code == 429
    )
    colleague = _sign_in("coordinator@example.org", PASSWORD, forwarded="198.51.100.20")
    assert colleague.status_code == 302


def test_forging_x_forwarded_for_does_not_dodge_the_lockout(settings, db):
    """A new forged address on each try still counts against the one the balancer saw."""
    settings.PROXY_COUNT = 1
    CoordinatorFactory(email="coordinator@example.org")
    for n in range(5):
        _sign_in("coordinator@example.org", "wrong", forwarded=f"192.0.2.{n}, 203.0.113.7")
    locked = _sign_in("coordinator@example.org", PASSWORD, forwarded="192.0.2.99, 203.0.113.7")
    assert locked.status_code == 429


def test_without_proxies_a_forged_header_has_no_effect_on_the_lockout(settings, db):
    """With PROXY_COUNT=0, a different X-Forwarded-For on every try is ignored."""
    settings.PROXY_COUNT = 0
    CoordinatorFactory(email="coordinator@example.org")
    for n in range(5):
        _sign_in("coordinator@example.org", "wrong", forwarded=f"192.0.2.{n}", remote="10.9.9.9")
    locked = _sign_in(
        "coordinator@example.org", PASSWORD, forwarded="192.0.2.99", remote="10.9.9.9"
    )
    assert locked.status_code == 429


def test_the_audit_records_the_clients_address_not_the_balancers(settings, client, db):
    """Behind the balancer, the access row shows the person's own address."""
    settings.PROXY_COUNT = 1
    client.force_login(CoordinatorFactory())
    referral = SubmittedReferralFactory()
    client.get(
        reverse("referrals:detail", args=[referral.pk]),
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7",
    )
    assert AccessEvent.objects.get().ip_address == "203.0.113.7"


def test_request_log_lines_carry_the_clients_address(settings):
    """The JSON request log names the same client address as lockout and the audit."""
    settings.PROXY_COUNT = 1
    record = logging.makeLogRecord(
        {"msg": "Not Found: %s", "args": ("/x",), "levelname": "WARNING", "name": "django.request"}
    )
    record.request = RequestFactory().get(
        "/x", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.7"
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request"]["address"] == "203.0.113.7"


def test_the_referrer_sign_in_still_works_directly_without_proxies(db):
    """With the default PROXY_COUNT=0 and no header, sign-in works as before."""
    ReferrerFactory(email="rita@example.org")
    assert _sign_in("rita@example.org", PASSWORD, remote="127.0.0.1").status_code == 302

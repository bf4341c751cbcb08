"""Limits on e-mailed links: sign-up, password reset and invitations, per address and client."""

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    InvitedUserFactory,
    ReferrerFactory,
)
from vig_service.core.models import LinkRequest

RESET = reverse("accounts:password_reset")
TOO_MANY = "There have been too many requests"


def _reset(email, ip="10.0.0.1", client=None):
    return (client or Client()).post(RESET, {"email": email}, REMOTE_ADDR=ip)


def test_thirty_reset_requests_for_one_address_in_a_minute_send_at_most_the_limit(db, settings):
    """The first five send a link; the rest get the 429 page and send nothing."""
    ReferrerFactory(email="rita@example.org")
    responses = [_reset("rita@example.org", ip=f"10.0.{n}.1") for n in range(30)]
    assert len(mail.outbox) == settings.LINK_EMAILS_PER_ADDRESS == 5
    assert [r.status_code for r in responses] == [302] * 5 + [429] * 25
    assert TOO_MANY in responses[-1].content.decode()


def test_lookalike_spellings_of_an_address_share_its_limit(db):
    """Changing the case or using fullwidth letters does not buy more e-mails."""
    ReferrerFactory(email="rita@example.org")
    for email in ["rita@example.org", "RITA@example.org", "ｒｉｔａ@example.org"] * 3:
        _reset(email)
    assert len(mail.outbox) == 5


def test_too_many_requests_page_is_the_same_for_known_and_unknown_addresses(db):
    """Limited or not, nothing in the response says whether an account has the address."""
    ReferrerFactory(email="rita@example.org")
    pages = {}
    for email in ["rita@example.org", "nobody@example.org"]:
        pages[email] = [_reset(email) for _ in range(6)]
    known, unknown = pages["rita@example.org"], pages["nobody@example.org"]
    assert [r.status_code for r in known] == [r.status_code for r in unknown]
    assert [r.get("Location") for r in known] == [r.get("Location") for r in unknown]
    assert known[-1].status_code == 429
    assert known[-1].content == unknown[-1].content


def test_one_client_address_is_limited_across_many_email_addresses(db):
    """Twenty resets from one address, each for a different account, then 429 there only."""
    for n in range(21):
        response = _reset(f"person{n}@example.org", ip="203.0.113.7")
    assert response.status_code == 429
    assert _reset("person21@example.org", ip="198.51.100.1").status_code == 302


def test_behind_the_balancer_the_limit_is_per_person_not_per_balancer(db, settings):
    """With PROXY_COUNT=1 the per-client limit counts the address in X-Forwarded-For."""
    settings.PROXY_COUNT = 1
    for n in range(20):
        Client().post(
            RESET,
            {"email": f"person{n}@example.org"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    other = Client().post(
        RESET,
        {"email": "someone@example.org"},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert other.status_code == 302


def test_limit_lifts_after_an_hour(db):
    """Requests older than an hour no longer count."""
    ReferrerFactory(email="rita@example.org")
    for _ in range(6):
        _reset("rita@example.org")
    LinkRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=61))
    assert _reset("rita@example.org").status_code == 302
    assert len(mail.outbox) == 6


def test_repeated_sign_ups_for_one_address_send_at_most_the_limit(client, configuration):
    """Thirty sign-ups for an existing address send five reminders, then the 429 page."""
    ReferrerFactory(email="hannah@nhs.net")
    data = {
        "full_name": "Hannah Visitor",
        "email": "hannah@nhs.net",
        "profession": "health_visitor",
        "team_name": "Bodmin Health Visiting",
    }
    statuses = [client.post(reverse("accounts:sign_up"), data).status_code for _ in range(30)]
    assert len(mail.outbox) == 5
    assert statuses[-1] == 429


def test_resending_an_invitation_again_and_again_sends_at_most_the_limit(client, configuration):
    """An administrator's repeated resends stop at five e-mails to the person."""
    invited = InvitedUserFactory(email="new.guider@example.org")
    client.force_login(AdministratorFactory())
    url = reverse("accounts:user_resend_invitation", args=[invited.pk])
    statuses = [client.post(url).status_code for _ in range(8)]
    assert statuses == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5

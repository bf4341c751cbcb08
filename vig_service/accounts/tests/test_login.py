"""Signing in and out, lockout after repeated failures, and pages that need a login."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import hashers
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from vig_service.accounts.tests.factories import PASSWORD, InvitedUserFactory, ReferrerFactory

LOGIN = reverse("accounts:login")


def _post_login(client, email, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_sign_in_with_correct_details_goes_to_home_page(client, db):
    """A referrer who types their email in any case signs in and lands on the home page."""
    user = ReferrerFactory(email="rita@example.org")
    response = _post_login(client, "Rita@Example.ORG", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_shows_error_summary_without_saying_whether_account_exists(client, db):
    """Wrong password and unknown account give the same GOV.UK error, keeping the email."""
    ReferrerFactory(email="rita@example.org")
    wrong = _post_login(client, "rita@example.org", "not-the-password")
    unknown = _post_login(client, "nobody@example.org", "not-the-password")
    for response in (wrong, unknown):
        assert response.status_code == 200
        html = response.content.decode()
        assert "There is a problem" in html
        assert "Enter a correct email address and password" in html
        assert "<title>Error: Sign in" in html
    assert 'value="rita@example.org"' in wrong.content.decode()


def test_deactivated_account_gets_the_same_error_as_a_wrong_password(client, db):
    """A deactivated user cannot sign in and is not told why (no account enumeration)."""
    ReferrerFactory(email="gone@example.org", is_active=False)
    response = _post_login(client, "gone@example.org", PASSWORD)
    assert "Enter a correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_attempt_after_five_failures_is_locked_out_even_with_right_password(client, db):
    """Five wrong passwords from one address lock that account there, whatever the case typed."""
    ReferrerFactory(email="rita@example.org")
    for email in ["rita@example.org", "RITA@example.org", "Rita@Example.org", "rita@EXAMPLE.org"]:
        assert _post_login(client, email, "wrong").status_code == 200
    fifth = _post_login(client, "rita@example.org", "wrong")
    assert fifth.status_code == 429
    sixth = _post_login(client, "rita@example.org", PASSWORD)
    assert sixth.status_code == 429
    assert "You have entered the wrong email address or password too many times" in (
        sixth.content.decode()
    )
    assert "30 minutes" in sixth.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_and_ends_after_30_minutes(client, db):
    """Another address can still sign in, and the locked address can once the time passes."""
    ReferrerFactory(email="rita@example.org")
    for _ in range(5):
        _post_login(client, "rita@example.org", "wrong", ip="10.0.0.1")

    assert _post_login(client, "rita@example.org", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _post_login(client, "rita@example.org", PASSWORD, ip="10.0.0.1").status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert _post_login(client, "rita@example.org", PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.parametrize(
    "url_name",
    ["core:home", "core:configuration", "accounts:user_list", "accounts:password_change"],
)
def test_pages_need_a_login(client, db, url_name):
    """Anyone not signed in is sent to the sign-in page, which brings them back afterwards."""
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={url}"


@pytest.mark.parametrize(
    "url_name", ["accounts:login", "accounts:sign_up", "accounts:password_reset"]
)
def test_public_pages_open_without_login(client, db, url_name):
    """Sign in, sign up and password reset are reachable without signing in."""
    assert client.get(reverse(url_name)).status_code == 200


def test_sign_out_ends_the_session(client, db):
    """Signing out (a POST from the header button) returns to the sign-in page."""
    client.force_login(ReferrerFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert client.get(reverse("core:home")).status_code == 302


def test_safe_next_parameter_is_followed_and_offsite_one_ignored(client, db):
    """After sign-in the user returns to the page they asked for, never to another site."""
    ReferrerFactory(email="rita@example.org")
    data = {"username": "rita@example.org", "password": PASSWORD}
    response = client.post(f"{LOGIN}?next=/accounts/password/change/", data)
    assert response.url == "/accounts/password/change/"
    client.logout()
    response = client.post(f"{LOGIN}?next=https://evil.example/", data)
    assert response.url == reverse("core:home")


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHER)  # 50 sign-ins; the hasher is not under test
def test_fifty_failures_from_fifty_addresses_lock_the_account_everywhere(client, db):
    """Spreading guesses over many addresses still locks the account after 50 in an hour."""
    ReferrerFactory(email="rita@example.org")
    for n in range(49):
        response = _post_login(client, "rita@example.org", "wrong", ip=f"10.1.0.{n}")
        assert response.status_code == 200
    fiftieth = _post_login(client, "rita@example.org", "wrong", ip="10.1.1.1")
    assert fiftieth.status_code == 429

    fresh_address = _post_login(client, "rita@example.org", PASSWORD, ip="10.2.0.1")
    assert fresh_address.status_code == 429
    assert "nobody can sign in to it for up to an hour" in fresh_address.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    ReferrerFactory(email="sam@example.org")
    assert _post_login(client, "sam@example.org", PASSWORD, ip="10.2.0.1").status_code == 302


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
def test_account_cap_counts_only_the_last_hour(client, db):
    """Failures older than an hour no longer count towards the account's cap."""
    ReferrerFactory(email="rita@example.org")
    for n in range(50):
        _post_login(client, "rita@example.org", "wrong", ip=f"10.1.0.{n}")
    assert _post_login(client, "rita@example.org", PASSWORD, ip="10.2.0.1").status_code == 429

    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(minutes=61))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=61))
    assert _post_login(client, "rita@example.org", PASSWORD, ip="10.2.0.1").status_code == 302


def _normalised(response, email) -> str:
    """The page without what differs by design: the CSRF token and the address typed."""
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


def test_failed_sign_in_page_is_identical_for_known_and_unknown_accounts(db):
    """Status and page are the same byte for byte, apart from the token and the address."""
    ReferrerFactory(email="rita@example.org")
    known = _post_login(Client(), "rita@example.org", "wrong-password")
    unknown = _post_login(Client(), "nobody@example.org", "wrong-password")
    assert known.status_code == unknown.status_code == 200
    assert _normalised(known, "rita@example.org") == _normalised(unknown, "nobody@example.org")


def test_locked_out_page_is_identical_for_known_and_unknown_accounts(db):
    """Five failures lock an unknown address just as a real one, with the same page."""
    ReferrerFactory(email="rita@example.org")
    pages = {}
    for email in ["rita@example.org", "nobody@example.org"]:
        client = Client()
        for _ in range(5):
            _post_login(client, email, "wrong-password")
        pages[email] = _post_login(client, email, "wrong-password")
    known, unknown = pages["rita@example.org"], pages["nobody@example.org"]
    assert known.status_code == unknown.status_code == 429
    assert known.content == unknown.content


@pytest.mark.parametrize(
    "account", ["known", "unknown", "deactivated", "invited"], ids=lambda account: account
)
def test_every_failed_sign_in_runs_the_password_hasher_once(client, db, account):
    """Known, unknown, deactivated and invited accounts cost the same hashing work."""
    ReferrerFactory(email="known@example.org")
    ReferrerFactory(email="deactivated@example.org", is_active=False)
    InvitedUserFactory(email="invited@example.org")
    with mock.patch("django.contrib.auth.hashers.pbkdf2", wraps=hashers.pbkdf2) as pbkdf2:
        response = _post_login(client, f"{account}@example.org", "wrong-password")
    assert response.status_code == 200
    assert pbkdf2.call_count == 1
    assert pbkdf2.call_args.args[2] == hashers.PBKDF2PasswordHasher.iterations


def test_password_reset_does_the_same_work_for_known_and_unknown_addresses(client, db):
    """The same templates are rendered (the e-mail too) whether or not the account exists."""
    ReferrerFactory(email="rita@example.org")
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "rita@example.org"})
    unknown = client.post(url, {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [t.name for t in known.templates] == [t.name for t in unknown.templates]
    assert "accounts/email/password_reset.txt" in [t.name for t in unknown.templates]
    assert len(mail.outbox) == 1

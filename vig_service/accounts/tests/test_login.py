"""Signing in and out, lockout after repeated failures, and pages that need a login."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from vig_service.accounts.tests.factories import PASSWORD, ReferrerFactory

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

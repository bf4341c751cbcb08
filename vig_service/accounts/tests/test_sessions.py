"""Sessions: a new key at sign-in, a password change ends the others, time limits, cookies."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from vig_service.accounts.middleware import LAST_SEEN_SESSION_KEY, STARTED_SESSION_KEY
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory, ReferrerFactory
from vig_service.core.tests.test_settings import PRODUCTION, _manage

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")


def _sign_in(client, user, password=PASSWORD):
    return client.post(LOGIN, {"username": user.email, "password": password})


def test_session_key_changes_at_sign_in(client, db):
    """A session key known before sign-in (session fixation) is useless afterwards."""
    user = ReferrerFactory()
    client.get(LOGIN)
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    assert _sign_in(client, user).status_code == 302
    assert client.session.session_key != before
    fixated = Client()
    fixated.cookies[settings.SESSION_COOKIE_NAME] = before
    assert fixated.get(HOME).status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(db):
    """Signed in on two devices, a password change on one signs the other out."""
    user = ReferrerFactory()
    here, elsewhere = Client(), Client()
    _sign_in(here, user)
    _sign_in(elsewhere, user)
    assert elsewhere.get(HOME).status_code == 200

    response = here.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "tidal-harbour-77",
            "new_password2": "tidal-harbour-77",
        },
    )
    assert response.status_code == 302
    assert here.get(HOME).status_code == 200
    away = elsewhere.get(HOME)
    assert away.status_code == 302
    assert away.url.startswith(LOGIN)


def _signed_in_since(client, user, *, minutes_ago_started, minutes_ago_seen):
    """Sign in, then pretend the session started and was last used some time ago."""
    _sign_in(client, user)
    client.get(HOME)
    now = int(time.time())
    session = client.session
    session[STARTED_SESSION_KEY] = now - minutes_ago_started * 60
    session[LAST_SEEN_SESSION_KEY] = now - minutes_ago_seen * 60
    session.save()


def test_idle_for_29_minutes_stays_signed_in(client, db):
    """Just inside the idle limit, the page opens."""
    _signed_in_since(client, ReferrerFactory(), minutes_ago_started=29, minutes_ago_seen=29)
    assert client.get(HOME).status_code == 200


def test_idle_for_31_minutes_is_signed_out_with_a_message(client, db):
    """After 30 minutes without a request the user is signed out and told why."""
    _signed_in_since(client, ReferrerFactory(), minutes_ago_started=31, minutes_ago_seen=31)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={HOME}"
    page = client.get(response.url).content.decode()
    assert "You were signed out because you had not done anything for 30 minutes" in page
    assert client.get(HOME).status_code == 302


def test_activity_keeps_the_session_alive(client, db):
    """A request every 20 minutes keeps the user signed in past 30 minutes in all."""
    user = ReferrerFactory()
    _sign_in(client, user)
    start = time.time()
    for minutes in (20, 40, 60):
        with mock.patch("time.time", return_value=start + minutes * 60):
            assert client.get(HOME).status_code == 200


def test_twelve_hours_after_sign_in_the_user_is_signed_out_even_if_active(client, db):
    """The absolute limit ends a session that has been busy all along."""
    user = ReferrerFactory()
    _signed_in_since(client, user, minutes_ago_started=12 * 60 + 1, minutes_ago_seen=1)
    response = client.get(HOME)
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "You were signed out because you had been signed in for 12 hours" in page


@override_settings(SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1)
def test_limits_come_from_settings(client, db):
    """A service can set shorter limits (SESSION_IDLE_MINUTES, SESSION_MAX_HOURS)."""
    _signed_in_since(client, ReferrerFactory(), minutes_ago_started=6, minutes_ago_seen=6)
    page = client.get(HOME, follow=True).content.decode()
    assert "had not done anything for 5 minutes" in page
    _signed_in_since(client, ReferrerFactory(), minutes_ago_started=61, minutes_ago_seen=1)
    page = client.get(HOME, follow=True).content.decode()
    assert "signed in for 1 hours" in page


def test_session_limits_are_read_from_the_environment():
    """SESSION_IDLE_MINUTES and SESSION_MAX_HOURS in the environment set the limits."""
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_IDLE_MINUTES, settings.SESSION_MAX_HOURS, "
        "settings.SESSION_COOKIE_AGE)"
    )
    env = {**PRODUCTION, "SESSION_IDLE_MINUTES": "15", "SESSION_MAX_HOURS": "8"}
    result = _manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["15", "8", str(8 * 3600)]


def test_production_cookie_settings():
    """With DEBUG off: __Host- names, Secure, HttpOnly session cookie, SameSite=Lax."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SAMESITE, s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH, "
        "s.MFA_REQUIRED)"
    )
    result = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-vig_session",
        "__Host-vig_csrf",
        "True",
        "True",
        "True",
        "Lax",
        "Lax",
        "None",
        "/",
        "True",
    ]


@override_settings(
    SESSION_COOKIE_NAME="__Host-vig_session",
    CSRF_COOKIE_NAME="__Host-vig_csrf",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_cookies_as_a_browser_receives_them_in_production(db):
    """The Set-Cookie headers carry the attributes a __Host- cookie needs."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN, secure=True)
    csrf = page.cookies["__Host-vig_csrf"]
    assert csrf["secure"]
    assert csrf["path"] == "/"
    assert not csrf["domain"]
    assert csrf["samesite"] == "Lax"
    user = ReferrerFactory()
    response = client.post(
        LOGIN,
        {
            "username": user.email,
            "password": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        secure=True,
        headers={"referer": "https://testserver/accounts/sign-in/"},
    )
    assert response.status_code == 302
    session = response.cookies["__Host-vig_session"]
    assert session["secure"]
    assert session["httponly"]
    assert session["path"] == "/"
    assert not session["domain"]
    assert session["samesite"] == "Lax"


def test_mfa_is_required_by_default_in_production_and_can_be_turned_off():
    """MFA_REQUIRED follows DEBUG unless the environment says otherwise."""
    code = "from django.conf import settings; print(settings.MFA_REQUIRED)"
    on = _manage("shell", "--no-imports", "-c", code, env=PRODUCTION)
    off = _manage("shell", "--no-imports", "-c", code, env={**PRODUCTION, "MFA_REQUIRED": "false"})
    assert (on.stdout.strip(), off.stdout.strip()) == ("True", "False")


@pytest.mark.parametrize("factory", [ReferrerFactory, CoordinatorFactory])
def test_sign_out_forgets_the_session(db, factory):
    """After signing out, the old session cookie does not sign anyone in."""
    client = Client()
    _sign_in(client, factory())
    old_key = client.session.session_key
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get(HOME).status_code == 302

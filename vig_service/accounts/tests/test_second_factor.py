"""Second factor for staff: set-up with a QR code, the code step, backup codes and limits."""

import itertools
import re
import time
from base64 import b32decode

import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from vig_service.accounts import services
from vig_service.accounts.models import UserEvent
from vig_service.accounts.second_factor import OPEN_WHILE_PENDING
from vig_service.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
)

pytestmark = pytest.mark.usefixtures("second_factor_on")

LOGIN = reverse("accounts:login")
HOME = reverse("core:home")
CODE_STEP = reverse("accounts:second_factor")
SET_UP = reverse("accounts:second_factor_set_up")


def _sign_in(client, user, next_url=""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, {"username": user.email, "password": PASSWORD}, follow=True)


def _code(key: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app with this secret shows now (or some steps later)."""
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


def _enrolled(factory=CoordinatorFactory, **kwargs):
    """A staff member with an authenticator app (set up a step ago) and backup codes."""
    user = factory(**kwargs)
    key = random_hex(20)
    codes = services.second_factor_set_up(user=user, key=key, code=_code(key, -1))
    assert codes is not None
    return user, key, codes


def _secret_on(page) -> str:
    """The key as the set-up page shows it for typing into an app."""
    match = re.search(r'id="secret-key">([A-Z2-7 ]+)<', page.content.decode())
    return match.group(1).replace(" ", "")


def _hex(secret: str) -> str:
    return b32decode(secret).hex()


def test_referrer_is_never_asked_for_a_code(client, db):
    """Referrers sign in with a password alone, even with second factor required."""
    response = _sign_in(client, ReferrerFactory())
    assert response.redirect_chain == [(HOME, 302)]
    assert response.status_code == 200
    assert client.get(reverse("accounts:password_change")).status_code == 200


@pytest.mark.parametrize(
    "factory",
    [CoordinatorFactory, GuiderFactory, SupervisorFactory, ManagerFactory, AdministratorFactory],
)
def test_every_staff_role_without_an_app_is_sent_to_set_up(client, db, factory):
    """Each staff role goes from the password step to setting up an authenticator app."""
    response = _sign_in(client, factory())
    assert response.redirect_chain[-1][0].startswith(SET_UP)
    assert "Set up your authenticator app" in response.content.decode()


def test_set_up_shows_a_qr_code_and_key_then_ten_backup_codes_once(client, db):
    """A coordinator scans (or types) the key, confirms a code and sees backup codes once."""
    user = CoordinatorFactory()
    page = _sign_in(client, user, next_url="/accounts/password/change/")
    html = page.content.decode()
    assert f'src="{reverse("accounts:second_factor_qr_code")}"' in html
    qr = client.get(reverse("accounts:second_factor_qr_code"))
    assert qr["Content-Type"] == "image/svg+xml"
    assert "no-store" in qr["Cache-Control"]
    assert qr.content.startswith(b"<svg")
    assert b"<script" not in qr.content
    key = _hex(_secret_on(page))

    set_up_url = page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"]
    wrong = client.post(set_up_url, {"code": "000000"})
    assert "The code is not correct" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert _hex(_secret_on(wrong)) == key  # the same secret until it is confirmed

    done = client.post(set_up_url, {"code": _code(key)}, follow=True)
    html = done.content.decode()
    assert "Your backup codes" in html
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    assert 'href="/accounts/password/change/"' in html  # Continue goes where they were going
    assert TOTPDevice.objects.get(user=user).confirmed
    assert UserEvent.objects.filter(
        user=user, action=UserEvent.Action.SECOND_FACTOR_SET_UP
    ).exists()

    again = client.get(reverse("accounts:second_factor_backup_codes")).content.decode()
    assert not re.findall(r"<li><code>", again)
    assert client.get(HOME).status_code == 200


def test_enrolled_staff_sign_in_with_password_then_code(client, db):
    """The code from the app completes sign-in and returns the user to the page asked for."""
    user, key, _ = _enrolled()
    page = _sign_in(client, user, next_url="/accounts/password/change/")
    assert page.redirect_chain[-1][0] == f"{CODE_STEP}?next=%2Faccounts%2Fpassword%2Fchange%2F"
    assert "Enter your code" in page.content.decode()
    key_before = client.session.session_key
    response = client.post(page.redirect_chain[-1][0], {"code": _code(key)})
    assert response.status_code == 302
    assert response.url == "/accounts/password/change/"
    assert client.session.session_key != key_before
    assert client.get(HOME).status_code == 200


def test_a_code_cannot_be_used_twice(db):
    """Someone who sees a code being typed cannot sign in with it afterwards."""
    user, key, _ = _enrolled()
    first, second = Client(), Client()
    _sign_in(first, user)
    code = _code(key)
    assert first.post(CODE_STEP, {"code": code}).url == HOME
    _sign_in(second, user)
    refused = second.post(CODE_STEP, {"code": code})
    assert refused.status_code == 200
    assert "The code is not correct" in refused.content.decode()


@override_settings(OTP_STATIC_THROTTLE_FACTOR=0)
def test_backup_code_works_once(db):
    """A backup code signs in once; the second time it is refused."""
    user, _, codes = _enrolled()
    first, second = Client(), Client()
    _sign_in(first, user)
    assert first.post(CODE_STEP, {"code": codes[3].upper()}).url == HOME
    _sign_in(second, user)
    assert second.post(CODE_STEP, {"code": codes[3]}).status_code == 200
    assert second.get(HOME).url.startswith(CODE_STEP)
    assert StaticToken.objects.filter(device__user=user).count() == 9


@override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
def test_five_wrong_codes_sign_the_user_out(client, db):
    """After five wrong codes the person is signed out and must start again."""
    user, key, _ = _enrolled()
    _sign_in(client, user)
    for _ in range(4):
        response = client.post(CODE_STEP, {"code": "123456"})
        assert "The code is not correct" in response.content.decode()
    fifth = client.post(CODE_STEP, {"code": "123456"}, follow=True)
    assert fifth.redirect_chain[-1][0] == LOGIN
    assert "You entered a wrong code too many times" in fifth.content.decode()
    assert client.get(HOME).url.startswith(LOGIN)


@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_wrong_codes_slow_down_further_tries_across_sign_ins(db):
    """After a wrong code even the right one must wait, whichever session it comes from."""
    user, key, _ = _enrolled()
    first, second = Client(), Client()
    _sign_in(first, user)
    first.post(CODE_STEP, {"code": "123456"})
    _sign_in(second, user)
    response = second.post(CODE_STEP, {"code": _code(key)})
    assert "Wait a few seconds" in response.content.decode()
    assert second.get(HOME).url.startswith(CODE_STEP)


def test_password_alone_cannot_replace_an_authenticator_app(client, db):
    """Set-up is closed to someone whose account already has an app."""
    user, _, _ = _enrolled()
    _sign_in(client, user)
    assert client.get(SET_UP).url.startswith(CODE_STEP)
    assert client.post(SET_UP, {"code": "123456"}).url.startswith(CODE_STEP)
    assert client.get(reverse("accounts:second_factor_qr_code")).status_code == 404
    assert TOTPDevice.objects.filter(user=user).count() == 1


def _sample_urls():
    """Every named URL of the project, with sample arguments filled in."""
    samples = ["1", "accounts", "x", "00000000-0000-0000-0000-000000000001"]

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = [*namespace, pattern.namespace] if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield ":".join([*namespace, pattern.name]), pattern

    for name, pattern in walk(get_resolver().url_patterns, []):
        arguments = list(pattern.pattern.regex.groupindex)
        for values in itertools.product(samples, repeat=len(arguments)):
            try:
                yield name, reverse(name, kwargs=dict(zip(arguments, values, strict=True)))
                break
            except NoReverseMatch:
                continue
        else:
            pytest.fail(f"No sample arguments reverse {name}")


def test_nothing_but_the_code_step_is_reachable_before_the_code(client, db):
    """Between password and code, every other page (GET or POST) leads to the code step."""
    user, _, _ = _enrolled(AdministratorFactory)
    _sign_in(client, user)
    checked = 0
    for name, url in _sample_urls():
        if name in OPEN_WHILE_PENDING:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, url, response.status_code)
            assert response.url.startswith(CODE_STEP), (name, url, response.url)
            checked += 1
    assert client.get("/no-such-page/").url.startswith(CODE_STEP)
    assert checked > 40
    assert client.get("/static/css/app.css").status_code != 302


def test_set_up_is_the_only_way_on_for_staff_without_an_app(client, db):
    """Without an app, the pages all lead to set-up, and the code step too."""
    _sign_in(client, CoordinatorFactory())
    assert client.get(HOME).url.startswith(SET_UP)
    assert client.get(CODE_STEP).url.startswith(SET_UP)
    assert client.get(reverse("referrals:queue")).url.startswith(SET_UP)


def test_header_hides_navigation_until_the_code_is_entered(client, db):
    """The half-signed-in page offers only signing out, no navigation."""
    user, _, _ = _enrolled()
    html = _sign_in(client, user).content.decode()
    assert "Primary navigation" not in html
    assert "Change password" not in html
    assert "Sign out" in html


def test_demo_banner_only_when_second_factor_is_off(client, db, settings):
    """With MFA_REQUIRED off every page says so; with it on, no banner."""
    banner = "Second factor is off in this demo"
    assert banner not in client.get(LOGIN).content.decode()
    settings.MFA_REQUIRED = False
    assert banner in client.get(LOGIN).content.decode()
    user, _, _ = _enrolled()
    response = _sign_in(client, user)
    assert response.redirect_chain == [(HOME, 302)]
    assert banner in response.content.decode()

"""Single sign-on against a real OpenID provider on 127.0.0.1 (oidc-provider-mock)."""

import time
from urllib.parse import urlsplit

import jwt
import pytest
import requests
from axes.models import AccessFailureLog
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from vig_service.accounts.models import User, UserEvent
from vig_service.accounts.sso.client import ProviderBackend, provider_metadata
from vig_service.accounts.sso.views import SSO_SESSION_KEY
from vig_service.accounts.tests.factories import (
    GuiderFactory,
    IdentityProviderFactory,
    ReferrerFactory,
)

pytestmark = pytest.mark.django_db


def _at_provider(provider, sub: str, claims: dict):
    """The provider knows this person with these claims."""
    response = requests.put(f"{provider.issuer}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204


def _sign_in(client, provider, sub: str, *, next_url: str = ""):
    """From the sign-in page's button, through the provider's own page, back to the service."""
    started = client.post(
        reverse("accounts:sso_start", args=[provider.slug]), {"next": next_url} if next_url else {}
    )
    assert started.status_code == 302, started.content
    authorize = started["Location"]
    assert authorize.startswith(provider.issuer)
    answered = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    back = urlsplit(answered.headers["Location"])
    return client.get(f"{back.path}?{back.query}"), f"{back.path}?{back.query}"


def test_an_invited_guider_signs_in_with_their_councils_account_and_is_pinned(
    client, oidc_provider
):
    guider = GuiderFactory(email="gwen@example.org")
    _at_provider(oidc_provider, "entra-123", {"email": "gwen@example.org", "amr": ["pwd", "mfa"]})
    response, _ = _sign_in(client, oidc_provider, "entra-123")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").wsgi_request.user == guider
    guider.refresh_from_db()
    assert (guider.sso_provider, guider.sso_subject) == (oidc_provider, "entra-123")
    event = guider.events.get(action=UserEvent.Action.SIGNED_IN_SSO)
    assert event.note == f"With {oidc_provider.name}, with its second factor"


def test_the_pinned_subject_wins_over_a_changed_email(client, oidc_provider):
    """Once pinned, another account's e-mail at the provider cannot take that account over."""
    guider = GuiderFactory(email="gwen@example.org")
    other = GuiderFactory(email="other@example.org")
    _at_provider(oidc_provider, "sub-gwen", {"email": "gwen@example.org"})
    _sign_in(client, oidc_provider, "sub-gwen")
    client.logout()
    # At the provider, Gwen's account now claims the other person's address.
    _at_provider(oidc_provider, "sub-gwen", {"email": "other@example.org"})
    _sign_in(client, oidc_provider, "sub-gwen")
    assert client.get("/").wsgi_request.user == guider
    client.logout()
    # And a new subject claiming Gwen's address finds no account: hers is pinned.
    _at_provider(oidc_provider, "sub-impostor", {"email": "gwen@example.org"})
    response, _ = _sign_in(client, oidc_provider, "sub-impostor")
    assert response.status_code == 403
    assert other.sso_subject == ""


def test_an_unknown_email_gets_a_clear_page_and_no_account(client, oidc_provider):
    _at_provider(oidc_provider, "sub-x", {"email": "stranger@example.org"})
    count = User.objects.count()
    response, _ = _sign_in(client, oidc_provider, "sub-x")
    assert response.status_code == 403
    assert "There is no account for stranger@example.org in this service" in (
        response.content.decode()
    )
    assert User.objects.count() == count


def test_an_address_the_provider_does_not_serve_is_refused(client, oidc_provider):
    GuiderFactory(email="gwen@elsewhere.org")
    _at_provider(oidc_provider, "sub-e", {"email": "gwen@elsewhere.org"})
    response, _ = _sign_in(client, oidc_provider, "sub-e")
    assert response.status_code == 403
    assert "is not an address Demo Council signs in" in response.content.decode()


def test_a_deactivated_account_cannot_sign_in(client, oidc_provider):
    GuiderFactory(email="gone@example.org", is_active=False)
    _at_provider(oidc_provider, "sub-gone", {"email": "gone@example.org"})
    response, _ = _sign_in(client, oidc_provider, "sub-gone")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_replayed_callback_is_refused(client, oidc_provider):
    GuiderFactory(email="gwen@example.org")
    _at_provider(oidc_provider, "sub-r", {"email": "gwen@example.org"})
    _, callback = _sign_in(client, oidc_provider, "sub-r")
    client.logout()
    replayed = client.get(callback)
    assert replayed.status_code == 400
    assert "expired or was already used" in replayed.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_a_referrer_may_be_created_only_where_the_provider_allows_it(client, oidc_provider):
    oidc_provider.create_referrers = True
    oidc_provider.save()
    _at_provider(oidc_provider, "sub-new", {"email": "new.hv@example.org", "name": "Nia Hv"})
    _sign_in(client, oidc_provider, "sub-new")
    user = User.objects.get(email="new.hv@example.org")
    assert [role.value for role in user.roles] == ["referrer"]
    assert (user.full_name, user.sso_subject) == ("Nia Hv", "sub-new")


def test_without_mfa_at_the_provider_staff_still_give_the_services_code(
    client, oidc_provider, settings
):
    settings.MFA_REQUIRED = True
    GuiderFactory(email="gwen@example.org")
    _at_provider(oidc_provider, "sub-p", {"email": "gwen@example.org", "amr": ["pwd"]})
    _sign_in(client, oidc_provider, "sub-p")
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:second_factor_set_up"))


def test_with_mfa_at_the_provider_the_code_step_is_skipped(client, oidc_provider, settings):
    settings.MFA_REQUIRED = True
    GuiderFactory(email="gwen@example.org")
    _at_provider(oidc_provider, "sub-m", {"email": "gwen@example.org", "amr": ["mfa"]})
    _sign_in(client, oidc_provider, "sub-m")
    assert client.get("/").status_code == 200


def test_a_person_disabled_at_the_provider_is_signed_out_at_the_next_check(
    client, oidc_provider, settings
):
    referrer = ReferrerFactory(email="rae@example.org")
    _at_provider(oidc_provider, "sub-d", {"email": "rae@example.org"})
    _sign_in(client, oidc_provider, "sub-d")
    assert client.get("/").status_code == 200
    # Still fine at a check while the provider keeps the account.
    session = client.session
    session[SSO_SESSION_KEY] = {**session[SSO_SESSION_KEY], "checked_at": 0}
    session.save()
    assert client.get("/").status_code == 200
    requests.post(f"{oidc_provider.issuer}/users/sub-d/revoke-tokens", timeout=5)
    session = client.session
    session[SSO_SESSION_KEY] = {**session[SSO_SESSION_KEY], "checked_at": 0}
    session.save()
    ended = client.get("/", follow=True)
    assert "your organisation&#x27;s account is no longer active" in ended.content.decode()
    assert not ended.wsgi_request.user.is_authenticated
    assert referrer.events.filter(action=UserEvent.Action.SSO_ENDED).exists()


def test_a_provider_that_is_down_says_so_and_keeps_password_sign_in(client, db):
    provider = IdentityProviderFactory(issuer="http://127.0.0.1:9", name="Down Council")
    response = client.post(reverse("accounts:sso_start", args=[provider.slug]), follow=True)
    page = response.content.decode()
    assert "Down Council cannot be reached at the moment" in page
    assert 'name="password"' in page


def test_the_sign_in_page_offers_each_provider_and_allows_only_them_as_form_targets(
    client, oidc_provider
):
    page = client.get(reverse("accounts:login"))
    assert "Sign in with Demo Council" in page.content.decode()
    assert "For example.org email addresses" in page.content.decode()
    policy = page["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert oidc_provider.issuer in form_action


# The ID token checks, with tokens signed here by a key the test holds.
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _token(key=KEY, **changes):
    now = int(time.time())
    claims = {
        "iss": "https://login.example.org/tenant/v2.0",
        "aud": "vig-service",
        "sub": "subject-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "email": "gwen@example.org",
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})


def _backend(db):
    provider = IdentityProviderFactory(issuer="https://login.example.org/tenant/v2.0")
    metadata = {
        "issuer": provider.issuer,
        "authorization_endpoint": "https://login.example.org/authorize",
        "token_endpoint": "https://login.example.org/token",
        "jwks_uri": "https://login.example.org/keys",
    }
    backend = ProviderBackend(provider, metadata)
    backend.OIDC_RP_IDP_SIGN_KEY = KEY.public_key()
    return backend


def test_a_good_id_token_is_accepted(db):
    assert _backend(db).verify_token(_token(), nonce="n-1")["sub"] == "subject-1"


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (lambda: _token(OTHER_KEY), "Signature verification failed"),
        (lambda: _token()[:-4] + "AAAA", "Signature verification failed"),
        (lambda: _token(aud="someone-else"), "Audience doesn't match"),
        (lambda: _token(iss="https://evil.example.org"), "Invalid issuer"),
        (lambda: _token(exp=int(time.time()) - 3600), "Signature has expired"),
        (lambda: _token(nonce=None), "Nonce verification failed"),
        (lambda: _token(nonce="another"), "Nonce verification failed"),
        (lambda: jwt.encode({"sub": "x"}, "secret", algorithm="HS256"), "signed with 'HS256'"),
    ],
)
def test_an_id_token_that_cannot_be_trusted_is_refused(db, token, why):
    with pytest.raises(SuspiciousOperation, match=why):
        _backend(db).verify_token(token(), nonce="n-1")


def test_the_providers_published_issuer_must_be_its_own(oidc_provider):
    assert provider_metadata(oidc_provider)["issuer"] == oidc_provider.issuer


def test_an_account_locked_by_wrong_passwords_stays_locked_for_single_sign_on(
    client, oidc_provider, settings
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 2
    GuiderFactory(email="gwen@example.org")
    for _ in range(2):
        AccessFailureLog.objects.create(
            username="gwen@example.org", ip_address="203.0.113.9", user_agent="test"
        )
    _at_provider(oidc_provider, "sub-l", {"email": "gwen@example.org"})
    response, _ = _sign_in(client, oidc_provider, "sub-l")
    assert response.status_code == 403
    assert "locked after too many wrong passwords" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_sign_in_starts_a_new_session_and_next_stays_on_this_site(client, oidc_provider):
    GuiderFactory(email="gwen@example.org")
    _at_provider(oidc_provider, "sub-n", {"email": "gwen@example.org"})
    client.get(reverse("accounts:login"))
    before = client.session.session_key
    response, _ = _sign_in(client, oidc_provider, "sub-n", next_url="https://evil.example/")
    assert response["Location"] == "/"
    assert client.session.session_key != before
    client.logout()
    response, _ = _sign_in(client, oidc_provider, "sub-n", next_url="/cases/")
    assert response["Location"] == "/cases/"

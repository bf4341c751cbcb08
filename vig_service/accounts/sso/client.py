"""The relying party: a provider's published settings, and the ID token checked against them.

Built on mozilla-django-oidc's backend (the code exchange, PKCE, nonce and key lookup), with
what it leaves out added here: the issuer, the audience and the expiry are checked, only RS256
is accepted, and an account is matched by the provider's subject once pinned
(docs/architecture.md, "Single sign-on").
"""

import logging
import os

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from vig_service.accounts.models import IdentityProvider, User
from vig_service.accounts.sso.services import referrer_create_from_sso

logger = logging.getLogger(__name__)

# The `amr` values that mean the person used more than a password at the provider.
MFA_METHODS = frozenset({"mfa", "otp", "hwk", "sc", "fido"})
ALGORITHM = "RS256"


class ProviderUnavailable(Exception):
    """The provider could not be reached, or answered with something unusable."""


class SignInRefused(Exception):
    """The provider's answer cannot sign anyone in here; `message` says why, in words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def provider_metadata(provider: IdentityProvider) -> dict:
    """The provider's published configuration (cached for ten minutes)."""
    key = f"oidc-metadata:{provider.pk}:{provider.issuer}"
    metadata = cache.get(key)
    if metadata is not None:
        return metadata
    url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(str(error)) from None
    if metadata.get("issuer", "").rstrip("/") != provider.issuer.rstrip("/"):
        raise ProviderUnavailable("The provider's issuer does not match its configuration")
    for needed in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if needed not in metadata:
            raise ProviderUnavailable(f"The provider publishes no {needed}")
    cache.set(key, metadata, 600)
    return metadata


def client_secret(provider: IdentityProvider) -> str:
    """The client secret, from the environment only (empty for a public client using PKCE)."""
    return os.environ.get(provider.secret_setting, "")


def uses_mfa(claims: dict) -> bool:
    """Whether the ID token says the person used a second factor at the provider."""
    methods = claims.get("amr") or []
    if isinstance(methods, str):
        methods = [methods]
    return bool(MFA_METHODS.intersection(str(method).lower() for method in methods))


class ProviderBackend(OIDCAuthenticationBackend):
    """One provider's sign-in: exchange the code, check the ID token, find the account."""

    def __init__(self, provider: IdentityProvider, metadata: dict):
        self.provider = provider
        self.metadata = metadata
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata.get("userinfo_endpoint", "")
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = provider.client_id
        self.OIDC_RP_CLIENT_SECRET = client_secret(provider)
        self.OIDC_RP_SIGN_ALGO = ALGORITHM
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = User
        self.claims: dict = {}
        self.token_info: dict = {}

    def get_settings(self, attr, *args):
        own = {
            "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:sso_callback",
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_KID": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TIMEOUT": settings.OIDC_TIMEOUT,
            "OIDC_CREATE_USER": self.provider.create_referrers,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_STORE_ID_TOKEN": False,
        }
        if attr in own:
            return own[attr]
        return import_from_settings(attr, *args)

    def get_token(self, payload):
        if not payload.get("client_secret"):
            # A public client (no secret in the environment) proves itself by PKCE alone.
            payload.pop("client_secret", None)
        try:
            self.token_info = super().get_token(payload)
        except requests.HTTPError as error:
            raise SignInRefused("Your organisation did not accept this sign-in") from error
        except requests.RequestException as error:
            raise ProviderUnavailable(str(error)) from None
        return self.token_info

    def retrieve_matching_jwk(self, token):
        """The provider's published key the token names (by `kid`; a token without one only
        where the provider publishes a single key)."""
        try:
            response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            keys = [key for key in response.json().get("keys", []) if key.get("kty") == "RSA"]
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from None
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from None
        matching = [key for key in keys if kid is None or key.get("kid") == kid]
        if len(matching) != 1 or matching[0].get("alg", ALGORITHM) != ALGORITHM:
            raise SuspiciousOperation("No published key matches the ID token")
        return jwt.PyJWK(matching[0], algorithm=ALGORITHM)

    def _verify_jws(self, payload, key):
        """The signature, and what mozilla-django-oidc leaves unchecked: iss, aud, exp."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token unreadable: {error}") from None
        if header.get("alg") != ALGORITHM:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[ALGORITHM],
                audience=self.provider.client_id,
                issuer=self.metadata["issuer"],
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from None

    def verify_token(self, token, **kwargs):
        if not token:
            raise SuspiciousOperation("No ID token")
        if not kwargs.get("nonce"):
            raise SuspiciousOperation("No nonce was kept for this sign-in")
        self.claims = super().verify_token(token, **kwargs)
        return self.claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's own claims: they are the ones whose signature was checked."""
        return payload

    def verify_claims(self, claims):
        email = (claims.get("email") or "").strip().lower()
        if not email or claims.get("email_verified") is False:
            raise SignInRefused("Your organisation's account has no verified email address")
        if email.rsplit("@", 1)[-1] not in self.provider.domain_list:
            raise SignInRefused(
                f"{email} is not an address {self.provider.name} signs in for this service"
            )
        return True

    def filter_users_by_claims(self, claims):
        """The account pinned to this subject; else the one unpinned account with the e-mail."""
        pinned = User.objects.filter(sso_provider=self.provider, sso_subject=claims["sub"])
        if pinned.exists():
            return list(pinned)
        return list(User.objects.filter(email__iexact=claims["email"].strip(), sso_subject=""))

    def update_user(self, user, claims):
        """Pin the account to the provider's subject at its first sign-in."""
        if not user.sso_subject:
            user.sso_provider = self.provider
            user.sso_subject = claims["sub"]
            user.save(update_fields=["sso_provider", "sso_subject"])
        return user

    def create_user(self, claims):
        """A referrer from a provider that may create them: never any other role."""
        return referrer_create_from_sso(provider=self.provider, claims=claims)

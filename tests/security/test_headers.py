"""Security headers beyond what the matrix checks on every response: HSTS in production."""

from django.test import override_settings
from django.urls import reverse

from vig_service.accounts.tests.factories import CoordinatorFactory
from vig_service.core.tests.test_settings import PRODUCTION, _manage


def test_production_settings_send_hsts_for_a_year_with_subdomains():
    """With DEBUG off, HSTS is on by default: one year, subdomains, preload."""
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS)",
        env=PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "DENY",
    ]


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_is_sent_over_https(client, db):
    """Every HTTPS response carries Strict-Transport-Security."""
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_signed_in_pages_are_never_stored(client, db):
    """no-store and private for a signed-in user, on a page that sets no cache policy itself."""
    client.force_login(CoordinatorFactory())
    signed_in = client.get(reverse("referrals:queue"))
    assert "no-store" in signed_in["Cache-Control"]
    assert "private" in signed_in["Cache-Control"]


def test_signing_in_and_out_responses_are_not_stored(client, db):
    """The response that signs someone in or out is itself never cached."""
    user = CoordinatorFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert "no-store" in response["Cache-Control"]

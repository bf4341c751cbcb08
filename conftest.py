"""Fixtures shared by every test."""

import pytest
from django.core.cache import cache
from oidc_provider_mock import run_server_in_thread

from vig_service.accounts.tests.factories import IdentityProviderFactory
from vig_service.core.models import ServiceConfiguration


@pytest.fixture
def configuration(transactional_db):
    """The service configuration, with a contact address and sign-up open to nhs.net.

    Transactional, so e-mails queued with transaction.on_commit are really sent.
    """
    configuration = ServiceConfiguration.load()
    configuration.service_name = "Test VIG Service"
    configuration.contact_email = "vig@example.gov.uk"
    configuration.signup_domains = "nhs.net\nexample.gov.uk"
    configuration.save()
    return configuration


@pytest.fixture(autouse=True)
def _second_factor_off(settings):
    """Tests sign in with passwords only; a test that needs the code step turns it on."""
    settings.MFA_REQUIRED = False


@pytest.fixture
def second_factor_on(settings):
    """Staff must pass the code step after their password, as in production."""
    settings.MFA_REQUIRED = True


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """A real ClamAV daemon for this test process, knowing only the EICAR test signature."""
    from documents.tests import clamd

    process, sock = clamd.start(tmp_path_factory.mktemp("clamd"))
    yield str(sock)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(autouse=True)
def documents_store(settings, tmp_path):
    """A private document store of each test's own, so files never outlive it (a closed case
    writes its summaries; the demo writes a contract) and never land in the checkout."""
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents"), "base_url": None},
        },
    }
    return tmp_path / "documents"


@pytest.fixture
def scanner(settings, clamd_socket, documents_store):
    """Documents are checked by the real daemon."""
    settings.CLAMD_SOCKET = clamd_socket
    return clamd_socket


@pytest.fixture(scope="session")
def oidc_provider_url():
    """A real OpenID provider (oidc-provider-mock) on 127.0.0.1, for the whole run."""
    with run_server_in_thread(port=0, require_nonce=True) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def oidc_provider(db, oidc_provider_url, settings, monkeypatch):
    """The service configured to accept the local provider for example.org addresses, its
    client secret in the environment as in production."""
    cache.clear()
    settings.OIDC_TIMEOUT = 5
    provider = IdentityProviderFactory(issuer=oidc_provider_url)
    monkeypatch.setenv(provider.secret_setting, "a-secret-from-the-environment")
    return provider

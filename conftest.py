"""Fixtures shared by every test."""

import pytest

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

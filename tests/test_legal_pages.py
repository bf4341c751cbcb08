"""The accessibility statement and the privacy notice: public, linked from every page's footer,
with the contact details and retention periods the service has configured."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import assert_accessible
from vig_service.accounts.tests.factories import AdministratorFactory, ReferrerFactory
from vig_service.core.models import ServiceConfiguration
from vig_service.privacy.models import PrivacySettings

ACCESSIBILITY = reverse("core:accessibility")
PRIVACY = reverse("privacy:notice")


@pytest.fixture
def configured(db):
    """A service with its organisation, contacts and data protection officer set."""
    configuration = ServiceConfiguration.load()
    configuration.service_name = "Kernow VIG Service"
    configuration.organisation_name = "Kernow Council"
    configuration.contact_email = "vig.team@kernow.example.gov.uk"
    configuration.contact_phone = "01872 000 111"
    configuration.data_protection_email = "dpo@kernow.example.gov.uk"
    configuration.save()
    return configuration


def test_the_accessibility_statement_opens_without_signing_in(client, configured):
    """Anyone can read it; it names the service, the regulations and how to report a problem."""
    response = client.get(ACCESSIBILITY)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Accessibility statement for Kernow VIG Service" in html
    assert "Kernow Council" in html
    assert "Accessibility Regulations 2018" in html
    assert "Equality Advisory and Support Service" in html
    assert 'href="mailto:vig.team@kernow.example.gov.uk"' in html
    assert "01872 000 111" in html


def test_the_privacy_notice_opens_without_signing_in_with_the_configured_details(
    client, configured
):
    """It names the controller and data protection officer, and the retention periods set."""
    retention = PrivacySettings.load()
    retention.closed_case_months, retention.ended_referral_months = 48, 1
    retention.save()

    response = client.get(PRIVACY)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kernow Council is the data controller" in html
    assert 'href="mailto:dpo@kernow.example.gov.uk"' in html
    assert 'href="mailto:vig.team@kernow.example.gov.uk"' in html
    assert "48 months after it closes" in html
    assert "1 month after it ended" in html
    assert "Information Commissioner" in html


@pytest.mark.parametrize(
    "url", [reverse("accounts:login"), reverse("core:home"), "/referrals/no-such-page/"]
)
def test_every_page_footer_links_to_both(client, configured, url):
    """The sign-in page, a signed-in page and the 404 page all link to both."""
    if url != reverse("accounts:login"):
        client.force_login(ReferrerFactory())

    html = client.get(url).content.decode()

    footer = html[html.index('<footer class="govuk-footer">') :]
    assert f'href="{ACCESSIBILITY}">Accessibility statement</a>' in footer
    assert f'href="{PRIVACY}">Privacy notice</a>' in footer


def test_an_administrator_sets_the_organisation_and_data_protection_officer(client, db):
    """The Configuration page saves both, and the privacy notice shows them."""
    client.force_login(AdministratorFactory())
    page = client.get(reverse("core:configuration"))
    loaded_at = page.context["form"]["loaded_at"].value()

    response = client.post(
        reverse("core:configuration"),
        {
            "loaded_at": loaded_at,
            "service_name": "VIG Service",
            "organisation_name": "  Tamar   NHS Trust ",
            "contact_email": "",
            "contact_phone": "",
            "data_protection_email": "dpo@tamar.example.nhs.uk",
            "signup_domains": "",
        },
    )

    assert response.status_code == 302
    html = client.get(PRIVACY).content.decode()
    assert "Tamar NHS Trust is the data controller" in html
    assert "dpo@tamar.example.nhs.uk" in html


def test_a_malformed_data_protection_address_is_refused_in_plain_words(client, db):
    """An address without @ is refused with a GOV.UK message, and nothing is saved."""
    client.force_login(AdministratorFactory())
    loaded_at = client.get(reverse("core:configuration")).context["form"]["loaded_at"].value()

    response = client.post(
        reverse("core:configuration"),
        {"loaded_at": loaded_at, "service_name": "VIG Service", "data_protection_email": "dpo"},
    )

    assert "Enter an email address in the correct format, like dpo@example.org" in (
        response.content.decode()
    )
    assert ServiceConfiguration.load().data_protection_email == ""


@pytest.mark.browser
def test_both_pages_are_reached_from_the_footer_and_pass_axe(page, configured):
    """From the sign-in page's footer, without signing in; axe finds no WCAG 2.2 AA problem."""
    page.goto(reverse("accounts:login"))
    footer = page.get_by_role("contentinfo")

    footer.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Kernow VIG Service"
    )
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Privacy notice for Kernow VIG Service"
    )
    assert_accessible(page)

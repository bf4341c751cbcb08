"""The service configuration page and what it changes across the service."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from vig_service.accounts.tests.factories import AdministratorFactory, CoordinatorFactory
from vig_service.core.models import ServiceConfiguration

URL = reverse("core:configuration")


def _form(client, **changes):
    page = client.get(URL)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_administrator_renames_the_service_and_every_page_shows_it(client, db):
    """The header and page titles use the configured name."""
    admin = AdministratorFactory()
    client.force_login(admin)
    response = client.post(URL, _form(client, service_name="Kernow VIG"), follow=True)
    html = response.content.decode()
    assert "Configuration saved" in html
    assert "<title>Service configuration – Kernow VIG</title>" in html
    assert 'moj-header__link--organisation-name" href="/">Kernow VIG</a>' in html
    event = ServiceConfiguration.load().events.get()
    assert event.actor == admin
    assert event.note == "Changed: service name"


def test_sign_up_domains_are_validated_and_normalised(client, db):
    """Bad domains get a clear error and are not saved; good ones are stored lower-case."""
    client.force_login(AdministratorFactory())
    bad = client.post(URL, _form(client, signup_domains="nhs.net\nnot a domain\n@gmail"))
    assert "not valid: not a domain, @gmail" in bad.content.decode()
    assert ServiceConfiguration.load().signup_domains == ""

    client.post(URL, _form(client, signup_domains=" NHS.net \n\ncornwall.gov.uk\nnhs.net"))
    assert ServiceConfiguration.load().allowed_signup_domains() == ["nhs.net", "cornwall.gov.uk"]


def test_stale_form_is_refused_and_keeps_what_was_typed(client, db):
    """If someone saved since the page was opened, nothing is overwritten and they are named."""
    first, second = AdministratorFactory(full_name="Ada One"), AdministratorFactory()
    client.force_login(second)
    stale = _form(client, service_name="Second's name")

    client.force_login(first)
    client.post(URL, _form(client, contact_phone="01872 000000"))

    client.force_login(second)
    response = client.post(URL, stale)
    html = response.content.decode()
    assert "The configuration was changed by Ada One" in html
    assert 'value="Second&#x27;s name"' in html
    configuration = ServiceConfiguration.load()
    assert configuration.service_name == "VIG Service"
    assert configuration.contact_phone == "01872 000000"

    # Sending the re-shown form again, having reviewed it, saves it.
    resent = {**stale, "loaded_at": response.context["form"]["loaded_at"].value()}
    client.post(URL, resent)
    assert ServiceConfiguration.load().service_name == "Second's name"


def test_html_in_the_service_name_is_refused(client, db):
    """Angle brackets in the name get an error, so markup never reaches the header."""
    client.force_login(AdministratorFactory())
    response = client.post(URL, _form(client, service_name="<script>alert(1)</script>"))
    assert "Service name must not contain &lt; or &gt;" in response.content.decode()


def test_over_long_service_name_is_refused(client, db):
    """Text over its limit is refused with the limit stated."""
    client.force_login(AdministratorFactory())
    response = client.post(URL, _form(client, service_name="x" * 81))
    assert "80 characters or fewer" in response.content.decode()


def test_configuration_is_for_administrators_only(client, db):
    """Coordinators get 403 for both reading and saving."""
    client.force_login(CoordinatorFactory())
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"service_name": "Hijack"}).status_code == 403
    assert ServiceConfiguration.load().service_name == "VIG Service"


def test_only_one_configuration_row_can_exist(db):
    """The database refuses a second configuration record."""
    ServiceConfiguration.load()
    with pytest.raises(IntegrityError):
        ServiceConfiguration.objects.create(id=2)


def test_the_service_address_must_be_a_web_address_and_loses_its_last_slash(client, db):
    """The reminders' links start with it, so a mistyped one is refused in words."""
    client.force_login(AdministratorFactory())
    bad = client.post(URL, _form(client, service_address="ftp://vig.example.gov.uk"))
    assert (
        "Enter the address people open the service at, starting https://" in bad.content.decode()
    )
    bad = client.post(URL, _form(client, service_address="vig example"))
    assert "Enter a web address in the correct format" in bad.content.decode()
    assert ServiceConfiguration.load().service_address == ""
    client.post(URL, _form(client, service_address="https://vig.example.gov.uk/"))
    assert ServiceConfiguration.load().service_address == "https://vig.example.gov.uk"

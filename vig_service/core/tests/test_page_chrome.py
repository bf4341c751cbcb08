"""Every page's header, navigation, demo banner and footer: rendered once per key and kept by
the process (core/templatetags/page_chrome.py), yet each person's own and current."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from vig_service.accounts.tests.factories import CoordinatorFactory
from vig_service.core.models import ServiceConfiguration

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _user_shown(html: str) -> str:
    return re.search(r'<span class="app-header__user">(.*?)</span>', html).group(1)


@pytest.mark.django_db
def test_people_with_the_same_roles_on_the_same_page_each_see_their_own_name(client):
    """The kept header is shared by everyone with the same roles; the name in it is not."""
    first = CoordinatorFactory(full_name="Zelda <b>Quist</b>")
    second = CoordinatorFactory(full_name="Yannick Orme")
    client.force_login(first)
    html = client.get(reverse("referrals:queue")).content.decode()
    assert _user_shown(html) == "Zelda &lt;b&gt;Quist&lt;/b&gt;"
    client.force_login(second)
    html = client.get(reverse("referrals:queue")).content.decode()
    assert _user_shown(html) == "Yannick Orme"
    assert "Zelda" not in html


@pytest.mark.django_db
def test_the_navigation_marks_the_page_each_request_is_on():
    client = Client()
    client.force_login(CoordinatorFactory())
    for label, url in (("Queue", "referrals:queue"), ("Cases", "cases:list"), ("Queue", None)):
        address = reverse(url or "referrals:queue")
        html = client.get(address).content.decode()
        marked = re.findall(r'href="([^"]+)" aria-current="page">([^<]+)</a>', html)
        assert marked == [(address, label)]


@pytest.mark.django_db
def test_the_sign_out_button_carries_this_requests_own_working_token():
    """Each page's sign-out form has a fresh token (never a kept one), and it signs out."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(CoordinatorFactory())
    tokens = [TOKEN.findall(client.get(reverse("core:home")).content.decode()) for _ in range(2)]
    assert len(tokens[0]) == 1
    assert tokens[0] != tokens[1]  # masked afresh, as Django's own tag does
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1][0]})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 302  # signed out: to sign-in


def test_a_change_to_the_service_name_or_contact_shows_on_the_next_page(client, configuration):
    """The kept markup is keyed by what it shows, so a saved change is never hidden by it."""
    client.force_login(CoordinatorFactory())
    before = client.get(reverse("core:home")).content.decode()
    assert ">Test VIG Service</a>" in before
    assert "0113 496 0000" not in before
    configuration.service_name = "Leeds VIG"
    configuration.contact_phone = "0113 496 0000"
    configuration.save()
    ServiceConfiguration.load()  # another page read it since
    after = client.get(reverse("core:home")).content.decode()
    assert ">Leeds VIG</a>" in after
    assert "Test VIG Service" not in after
    footer = after[after.index('<footer class="govuk-footer">') :]
    assert "0113 496 0000" in footer
    assert 'href="mailto:vig@example.gov.uk"' in footer

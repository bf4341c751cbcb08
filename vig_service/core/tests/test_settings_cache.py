"""Settings kept in memory: one query less a page, and never a stale name on any server."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vig_service.accounts.tests.factories import AdministratorFactory, ManagerFactory
from vig_service.core import settings_cache
from vig_service.core.models import ServiceConfiguration

# Outside a test transaction, as on a real server: the cache is never used inside one.
pytestmark = pytest.mark.django_db(transaction=True)
HOME = reverse("core:home")


def _header(response) -> str:
    html = response.content.decode()
    start = html.index("moj-header__link--organisation-name")
    return html[html.index(">", start) + 1 : html.index("</a>", start)]


def _configuration_queries(client, url=HOME):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "core_serviceconfiguration')]
    return response, reads


@pytest.fixture
def manager_client(client):
    configuration = ServiceConfiguration.load()
    configuration.service_name = "Kernow VIG"
    configuration.save()
    client.force_login(ManagerFactory())
    # The first page creates the sections it reads (a new version): the second is the usual.
    client.get(HOME)
    return client


def test_a_second_page_reads_the_configuration_from_memory(manager_client):
    response, reads = _configuration_queries(manager_client)
    assert _header(response) == "Kernow VIG"
    assert reads
    response, reads = _configuration_queries(manager_client)
    assert _header(response) == "Kernow VIG"
    assert reads == []


def test_a_save_on_another_server_shows_on_the_next_page_here(manager_client):
    _configuration_queries(manager_client)
    # Another server's save: this process's memory is not told, only the row changes.
    ServiceConfiguration.objects.filter(pk=1).update(
        service_name="Cornwall VIG", updated_at=timezone.now()
    )
    response, reads = _configuration_queries(manager_client)
    assert _header(response) == "Cornwall VIG"
    assert len(reads) == 1


def test_a_save_of_any_section_counts_even_from_a_server_whose_clock_is_behind(manager_client):
    _configuration_queries(manager_client)
    # Renamed with a last-save time a year behind the one kept: still a new version.
    ServiceConfiguration.objects.filter(pk=1).update(
        service_name="Cornwall VIG", updated_at=timezone.now() - timezone.timedelta(days=365)
    )
    response, _ = _configuration_queries(manager_client)
    assert _header(response) == "Cornwall VIG"


def test_a_rename_on_the_configuration_page_shows_at_once(client):
    client.force_login(AdministratorFactory())
    url = reverse("core:configuration")
    client.get(url)
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(url, {**data, "service_name": "Kernow VIG"}, follow=True)
    assert _header(response) == "Kernow VIG"
    assert _header(client.get(HOME)) == "Kernow VIG"


def _save_then_fail():
    with transaction.atomic():
        configuration = ServiceConfiguration.load()
        configuration.service_name = "Never saved"
        configuration.save()
        assert ServiceConfiguration.load().service_name == "Never saved"
        raise RuntimeError


def test_a_save_that_rolls_back_is_never_shown(manager_client):
    _configuration_queries(manager_client)
    with pytest.raises(RuntimeError):
        _save_then_fail()
    assert _header(manager_client.get(HOME)) == "Kernow VIG"
    assert _header(manager_client.get(HOME)) == "Kernow VIG"


def test_a_write_reads_the_row_from_the_database_not_from_memory(manager_client):
    _configuration_queries(manager_client)
    # Changed without a new version, so only a read of the database can see it.
    ServiceConfiguration.objects.filter(pk=1).update(service_name="Cornwall VIG")
    assert _header(manager_client.get(HOME)) == "Kernow VIG"
    with transaction.atomic():
        assert ServiceConfiguration.load().service_name == "Cornwall VIG"


def test_a_page_that_changes_its_row_changes_no_other_pages():
    configuration = ServiceConfiguration.load()
    token = settings_cache.begin_request(lambda: ["version one"])
    try:
        settings_cache.keep(configuration)
        settings_cache.kept(ServiceConfiguration).service_name = "Changed in a view"
        assert settings_cache.kept(ServiceConfiguration).service_name == "VIG Service"
    finally:
        settings_cache.end_request(token)
    token = settings_cache.begin_request(lambda: ["version two"])
    try:
        assert settings_cache.kept(ServiceConfiguration) is None
    finally:
        settings_cache.end_request(token)

"""With DEBUG on, as `make run` serves the demo, errors show the service's pages, not Django's.

Django's technical pages would show anyone the site's URL list, its settings and source code.
"""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from vig_service.accounts.tests.factories import ReferrerFactory


def _broken_view(request):
    raise RuntimeError("a bug the developer must see")


def _forbidden_view(request):
    raise PermissionDenied


# The project's URLs plus two that fail, for the tests below (pytest.mark.urls).
urlpatterns = [
    path("test-broken/", _broken_view),
    path("test-forbidden/", _forbidden_view),
    path("", include("vig_service.urls")),
]
handler500 = "vig_service.operations.views.server_error"

TECHNICAL = ("Using the URLconf", "urlpatterns", "django-admin/", "Traceback", "DEBUG = True")


@pytest.fixture
def demo_debug(settings):
    """DEBUG on, as the demo's .env sets it."""
    settings.DEBUG = True


def _assert_no_technical_details(html: str) -> None:
    for leak in TECHNICAL:
        assert leak not in html


def test_a_guessed_address_shows_the_service_404_without_the_url_list(client, db, demo_debug):
    """Anyone, signed in or not, gets "Page not found" and no list of the site's URLs."""
    for signed_in in (False, True):
        if signed_in:
            client.force_login(ReferrerFactory())
        response = client.get("/referrals/guessed-page/")
        html = response.content.decode()
        assert response.status_code == 404
        assert '<h1 class="govuk-heading-l">Page not found</h1>' in html
        _assert_no_technical_details(html)


def test_a_record_outside_your_scope_shows_the_service_404(client, db, demo_debug):
    """A view's own 404 (a referral that does not exist) is the service's page too."""
    client.force_login(ReferrerFactory())

    response = client.get("/referrals/999999/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    _assert_no_technical_details(html)


@pytest.mark.urls("tests.test_demo_error_pages")
def test_a_refusal_shows_the_service_403(client, db, demo_debug):
    """PermissionDenied shows "You do not have access to this page"."""
    client.force_login(ReferrerFactory())

    response = client.get("/test-forbidden/")

    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()
    _assert_no_technical_details(response.content.decode())


@pytest.mark.urls("tests.test_demo_error_pages")
def test_a_bug_shows_the_service_500_and_logs_the_traceback(client, db, demo_debug, caplog):
    """The user sees "Sorry, there is a problem"; the console log keeps the traceback."""
    client.force_login(ReferrerFactory())

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    _assert_no_technical_details(html)
    assert "a bug the developer must see" not in html
    logged = [record for record in caplog.records if record.exc_info]
    assert logged
    assert "a bug the developer must see" in str(logged[0].exc_info[1])

"""Home page, navigation by role, error pages and the CSRF failure page."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import clear_script_prefix, reverse, set_script_prefix

from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    UserFactory,
)


def _nav_labels(response):
    return [item["label"] for item in response.context["primary_navigation"]]


@pytest.mark.parametrize(
    ("factory", "heading", "nav"),
    [
        (ReferrerFactory, "Referrer", ["My referrals", "New referral"]),
        (
            CoordinatorFactory,
            "Coordinator",
            [
                "Queue",
                "Waiting list",
                "Cases",
                "Team diary",
                "Courses",
                "Trainees",
                "Reports",
                "Restricted records",
            ],
        ),
        (GuiderFactory, "Guider", ["My cases", "My diary", "My training"]),
        (SupervisorFactory, "Supervisor", ["Cases", "My diary", "My supervisees"]),
        (ManagerFactory, "Manager", ["Courses", "Reports", "Restricted records"]),
        (
            AdministratorFactory,
            "Administrator",
            ["Users", "Configuration", "Audit", "Merged records", "Subject access"],
        ),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_home_page_and_navigation_follow_the_users_roles(client, db, factory, heading, nav):
    """Each role sees a section saying what it does, and only the links it may use."""
    client.force_login(factory())
    response = client.get(reverse("core:home"))
    assert f'<h2 class="govuk-heading-m">{heading}</h2>' in response.content.decode()
    assert _nav_labels(response) == nav


def test_person_with_several_roles_sees_each(client, db):
    """A guider who is also an administrator gets both sections."""
    client.force_login(UserFactory(roles=[Role.GUIDER, Role.ADMINISTRATOR]))
    html = client.get(reverse("core:home")).content.decode()
    assert ">Guider</h2>" in html
    assert ">Administrator</h2>" in html


def test_user_without_roles_is_told_to_ask_for_one(client, db):
    """No role means no navigation and a clear next step."""
    client.force_login(UserFactory())
    response = client.get(reverse("core:home"))
    assert "You do not have a role in the service yet" in response.content.decode()
    assert _nav_labels(response) == []


def test_current_page_is_marked_in_navigation(client, db):
    """The navigation marks where you are for screen-reader users."""
    client.force_login(AdministratorFactory())
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert 'href="/accounts/users/" aria-current="page">Users</a>' in html


def test_unknown_page_is_a_govuk_404_with_the_service_name(client, configuration):
    """A mistyped address gets the GOV.UK 'Page not found' page."""
    client.force_login(ReferrerFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Test VIG Service</title>" in html
    assert "Skip to main content" in html


def test_form_posted_without_csrf_token_gets_a_clear_page(db):
    """An expired or missing security token explains what to do; nothing is saved."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    """The 500 page must render even when the database is down (no context processors)."""
    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert "– VIG Service</title>" in html


def test_the_header_and_footer_links_follow_the_address_the_service_is_served_under(client, db):
    client.force_login(ReferrerFactory())
    # The links are reversed once and kept, so a second prefix must not get the first's.
    for prefix in ("/vig", "", "/other-team"):
        set_script_prefix(f"{prefix}/")  # what the WSGI handler does for a SCRIPT_NAME
        try:
            html = client.get("/accessibility/").content.decode()
        finally:
            clear_script_prefix()
        assert f'href="{prefix}/"' in html  # the service name, to the home page
        assert f'href="{prefix}/accessibility/"' in html
        assert f'href="{prefix}/privacy/notice/"' in html
        assert f'action="{prefix}/accounts/sign-out/"' in html

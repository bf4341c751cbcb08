"""Administrators manage users and roles on the Users pages."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    GuiderFactory,
    InvitedUserFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    UserFactory,
)


def _edit(client, user, **changes):
    data = {
        "full_name": user.full_name,
        "profession": user.profession,
        "team": user.team_id or "",
        "roles": [role.value for role in user.roles],
        "is_active": "yes" if user.is_active else "no",
        "supervisor": user.supervisor_id or "",
        **changes,
    }
    return client.post(reverse("accounts:user_edit", args=[user.pk]), data, follow=True)


def test_user_list_shows_people_with_roles_and_filters_by_role(
    client, db, django_assert_max_num_queries
):
    """The list shows each user's roles and status; the role filter narrows it."""
    admin = AdministratorFactory(full_name="Ada Admin")
    GuiderFactory(full_name="Gus Guider")
    InvitedUserFactory(full_name="Ivy Invited", roles=[Role.MANAGER])
    client.force_login(admin)

    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "Gus Guider" in html
    assert "Ivy Invited" in html
    assert 'govuk-tag--yellow">Invited</strong>' in html

    html = client.get(reverse("accounts:user_list"), {"role": "guider"}).content.decode()
    assert "Gus Guider" in html
    assert "Ivy Invited" not in html


def test_user_list_query_count_does_not_grow_with_users(client, db):
    """Roles, teams and team requests are fetched in bulk: 7 queries for 3 or 23 users."""
    client.force_login(AdministratorFactory())
    client.get(reverse("accounts:user_list"))  # creates the configuration row

    def queries_for_page():
        with CaptureQueriesContext(connection) as context:
            client.get(reverse("accounts:user_list"))
        return len(context)

    GuiderFactory.create_batch(2)
    ReferrerFactory(team=None, requested_team_name="Team Z")
    few = queries_for_page()
    GuiderFactory.create_batch(20)
    ReferrerFactory.create_batch(5, team=None, requested_team_name="Team Y")
    assert queries_for_page() == few == 7


def test_nonsense_filters_are_ignored(client, db):
    """An unknown role or page number shows the list rather than an error."""
    client.force_login(AdministratorFactory())
    response = client.get(reverse("accounts:user_list"), {"role": "wizard", "page": "zzz"})
    assert response.status_code == 200


def test_changing_roles_is_recorded_and_takes_effect(client, db):
    """Giving a guider the supervisor role adds it, and the history says who did it."""
    admin = AdministratorFactory()
    guider = GuiderFactory()
    client.force_login(admin)
    response = _edit(client, guider, roles=["guider", "supervisor"])
    assert "Changes to" in response.content.decode()
    guider.refresh_from_db()
    assert guider.roles == {Role.GUIDER, Role.SUPERVISOR}
    event = guider.events.get(action="roles_changed")
    assert event.actor == admin
    assert event.note == "Added Supervisor"


def test_administrator_role_grants_and_removing_it_revokes_django_admin(client, db):
    """Only administrators reach the Django admin."""
    client.force_login(AdministratorFactory())
    manager = ManagerFactory()
    _edit(client, manager, roles=["manager", "administrator"])
    manager.refresh_from_db()
    assert manager.is_staff
    _edit(client, manager, roles=["manager"])
    manager.refresh_from_db()
    assert not manager.is_staff


def test_deactivated_user_cannot_sign_in(client, db):
    """Deactivating is recorded and stops the person signing in."""
    client.force_login(AdministratorFactory())
    referrer = ReferrerFactory(email="rita@example.org")
    _edit(client, referrer, is_active="no")
    referrer.refresh_from_db()
    assert not referrer.is_active
    assert referrer.events.filter(action="deactivated").exists()
    client.logout()
    client.post(
        reverse("accounts:login"),
        {"username": "rita@example.org", "password": "a-long-test-password-2026"},
    )
    assert "_auth_user_id" not in client.session


def test_administrator_cannot_remove_own_admin_role_or_deactivate_self(client, db):
    """The last guard against locking everyone out of administration."""
    admin = AdministratorFactory()
    client.force_login(admin)
    response = _edit(client, admin, roles=["manager"], is_active="no")
    html = response.content.decode()
    assert "You cannot remove your own administrator role" in html
    assert "You cannot deactivate your own account" in html
    admin.refresh_from_db()
    assert admin.roles == {Role.ADMINISTRATOR}
    assert admin.is_active


def test_new_team_can_be_added_while_editing(client, db):
    """Typing a new team name creates the team and puts the user in it."""
    client.force_login(AdministratorFactory())
    user = UserFactory(roles=[Role.REFERRER])
    _edit(client, user, team="", new_team="Truro Family Hub")
    user.refresh_from_db()
    assert user.team.name == "Truro Family Hub"


def test_invitation_can_be_sent_again_until_the_password_is_set(client, configuration):
    """Resending gives a fresh link; once a password is set there is nothing to resend."""
    client.force_login(AdministratorFactory())
    invited = InvitedUserFactory(roles=[Role.GUIDER])
    client.post(reverse("accounts:user_resend_invitation", args=[invited.pk]))
    assert mail.outbox[0].to == [invited.email]
    active = GuiderFactory()
    response = client.post(
        reverse("accounts:user_resend_invitation", args=[active.pk]), follow=True
    )
    assert "has already set a password" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "factory", [ReferrerFactory, GuiderFactory, ManagerFactory], ids=lambda f: f.__name__
)
def test_other_roles_get_403_on_user_pages_and_django_admin(client, db, factory):
    """User administration and the Django admin are for administrators only."""
    user = factory()
    target = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_edit", args=[target.pk])).status_code == 403
    admin_page = client.get(reverse("admin:index"))
    assert admin_page.status_code == 302
    assert "/django-admin/login/" in admin_page.url


def test_administrator_reaches_django_admin(client, db):
    """Administrators can open the Django admin."""
    client.force_login(AdministratorFactory())
    assert client.get(reverse("admin:index")).status_code == 200


def test_unknown_user_id_is_404(client, db):
    """A guessed user URL that does not exist is a GOV.UK 404 page."""
    client.force_login(AdministratorFactory())
    response = client.get(reverse("accounts:user_edit", args=[999999]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_administrator_sets_a_guiders_personal_supervisor(client, db):
    """Only supervisors are offered; the change is recorded."""
    client.force_login(AdministratorFactory())
    guider = GuiderFactory()
    supervisor = SupervisorFactory(full_name="Sita Supervisor")
    page = client.get(reverse("accounts:user_edit", args=[guider.pk])).content.decode()
    assert "Sita Supervisor" in page
    _edit(client, guider, supervisor=supervisor.pk)
    guider.refresh_from_db()
    assert guider.supervisor == supervisor
    assert "Supervisor" in guider.events.get(action="details_changed").note


def test_a_user_search_with_a_nul_byte_is_explained_not_a_server_error(client, db):
    """The search that gave a 500: a NUL byte is refused in the error summary."""
    client.force_login(AdministratorFactory())

    response = client.get(reverse("accounts:user_list"), {"q": "ada\x00"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Name or email must not include control characters, like a NUL byte" in html

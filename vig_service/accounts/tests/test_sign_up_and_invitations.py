"""Referrer self sign-up from allowed domains, and invitations by administrators."""

import re
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.urls import reverse

from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    ReferrerFactory,
    TeamFactory,
)
from vig_service.accounts.tokens import set_password_token_generator

SIGN_UP = reverse("accounts:sign_up")
NEW_PASSWORD = {"new_password1": "tidal-harbour-77", "new_password2": "tidal-harbour-77"}


def _link_from(message) -> str:
    return re.search(r"https?://[^\s]+", message.body).group(0)


def _sign_up(client, email="hannah.visitor@nhs.net"):
    return client.post(
        SIGN_UP,
        {
            "full_name": "Hannah Visitor",
            "email": email,
            "profession": "health_visitor",
            "team_name": "Bodmin Health Visiting",
        },
        follow=True,
    )


def _set_password(client, link, data=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    return client.post(form_page.request["PATH_INFO"], data, follow=True)


def test_referrer_signs_up_confirms_by_email_and_is_signed_in(client, configuration):
    """An nhs.net address gets an inactive referrer account until the e-mailed link is used."""
    response = _sign_up(client)
    assert "Check your email" in response.content.decode()
    user = User.objects.get(email="hannah.visitor@nhs.net")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.roles == {Role.REFERRER}
    assert user.team is None  # asked for, until an administrator approves it
    assert user.requested_team_name == "Bodmin Health Visiting"
    assert len(mail.outbox) == 1

    done = _set_password(client, _link_from(mail.outbox[0]))
    assert "Your password has been set and you are signed in" in done.content.decode()
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password("tidal-harbour-77")
    assert list(user.events.values_list("action", flat=True)) == ["signed_up", "password_set"]


def test_sign_up_from_a_domain_not_allowed_is_refused_and_creates_nothing(client, configuration):
    """A gmail address gets a clear error naming the allowed domains; no account, no e-mail."""
    response = _sign_up(client, email="hannah@gmail.com")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "You cannot sign up with this email address" in html
    assert "@nhs.net" in html
    assert 'value="Hannah Visitor"' in html  # what was typed is kept
    assert not User.objects.filter(email="hannah@gmail.com").exists()
    assert mail.outbox == []


def test_subdomain_of_an_allowed_domain_is_not_allowed(client, configuration):
    """Only exact domains match: nhs.net.evil.example is not nhs.net."""
    _sign_up(client, email="x@nhs.net.evil.example")
    assert not User.objects.exists()


def test_sign_up_is_closed_when_no_domains_are_configured(client, db):
    """With no sign-up domains the page says to ask for an invitation, and posts are refused."""
    page = client.get(SIGN_UP).content.decode()
    assert "You cannot create your own account" in page
    _sign_up(client)
    assert not User.objects.exists()


def test_sign_up_with_an_existing_address_reveals_nothing_and_creates_nothing(
    client, configuration
):
    """The page looks the same; the owner of the address gets a reminder instead."""
    ReferrerFactory(email="hannah.visitor@nhs.net")
    response = _sign_up(client)
    assert "Check your email" in response.content.decode()
    assert User.objects.filter(email="hannah.visitor@nhs.net").count() == 1
    assert "already have" in mail.outbox[0].subject


def test_used_sign_up_link_cannot_be_used_again(client, configuration):
    """After the password is set the link says it cannot be used."""
    _sign_up(client)
    link = _link_from(mail.outbox[0])
    _set_password(client, link)
    client.logout()
    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()
    assert "has expired or has already been used" in again.content.decode()


def test_expired_sign_up_link_cannot_be_used(client, configuration, settings):
    """A link older than PASSWORD_RESET_TIMEOUT is refused with a clear message."""
    _sign_up(client)
    link = _link_from(mail.outbox[0])
    later = set_password_token_generator._now() + timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    with mock.patch.object(set_password_token_generator, "_now", return_value=later):
        page = client.get(link, follow=True)
    assert "This link cannot be used" in page.content.decode()
    assert not User.objects.get().is_active


def test_administrator_invites_a_coordinator_who_sets_a_password(client, configuration):
    """The invitation creates the account with its roles and e-mails a set-password link."""
    admin = AdministratorFactory()
    team = TeamFactory(name="VIG Team")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "full_name": "Cora Coordinator",
            "email": "Cora@Example.gov.uk",
            "profession": "vig_practitioner",
            "team": team.pk,
            "roles": ["coordinator", "guider"],
        },
        follow=True,
    )
    assert "Invitation sent to cora@example.gov.uk" in response.content.decode()
    user = User.objects.get(email="cora@example.gov.uk")
    assert user.roles == {Role.COORDINATOR, Role.GUIDER}
    assert not user.has_usable_password()
    assert not user.is_staff
    event = user.events.get()
    assert (event.action, event.actor) == ("invited", admin)
    assert mail.outbox[0].to == ["cora@example.gov.uk"]
    assert admin.full_name in mail.outbox[0].body

    client.logout()
    done = _set_password(client, _link_from(mail.outbox[0]))
    assert "Your password has been set" in done.content.decode()
    assert "Welcome, Cora" in done.content.decode()


def test_invitation_link_refuses_a_common_password_and_keeps_the_link_usable(
    client, configuration
):
    """A bad password gets an error; the link still works for a good one."""
    client.force_login(AdministratorFactory())
    client.post(
        reverse("accounts:user_invite"),
        {
            "full_name": "Gus Guider",
            "email": "gus@example.org",
            "profession": "vig_practitioner",
            "roles": ["guider"],
        },
    )
    client.logout()
    link = _link_from(mail.outbox[0])
    bad = _set_password(
        client, link, {"new_password1": "password1234", "new_password2": "password1234"}
    )
    assert "This password is too common" in bad.content.decode()
    good = client.post(bad.request["PATH_INFO"], NEW_PASSWORD, follow=True)
    assert "Your password has been set" in good.content.decode()


def test_invite_refuses_an_existing_address_and_missing_roles(client, db):
    """Clear errors for a duplicate address and for no role chosen; nothing is created."""
    client.force_login(AdministratorFactory())
    ReferrerFactory(email="taken@example.org")
    response = client.post(
        reverse("accounts:user_invite"),
        {"full_name": "X", "email": "TAKEN@example.org", "profession": "other", "roles": []},
    )
    html = response.content.decode()
    assert "A user with this email address already exists" in html
    assert "Select at least one role" in html
    assert User.objects.count() == 2


def test_only_administrators_may_invite(client, db):
    """A coordinator gets 403 from the invite page and cannot post to it."""
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    response = client.post(
        reverse("accounts:user_invite"),
        {"full_name": "X", "email": "x@example.org", "profession": "other", "roles": ["manager"]},
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()

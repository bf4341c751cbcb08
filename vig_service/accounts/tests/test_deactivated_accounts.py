"""A deactivated account stays out until an administrator reactivates it (issue 14, item 6).

Every test follows the real links from the e-mails in Django's outbox, as the person would.
"""

import re

from django.core import mail
from django.urls import reverse

from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import AdministratorFactory, ReferrerFactory

SIGN_UP = reverse("accounts:sign_up")
NEW_PASSWORD = {"new_password1": "tidal-harbour-77", "new_password2": "tidal-harbour-77"}
DEAD_LINK = "This link cannot be used"


def _links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s]+", message.body)


def _follow_link(client, link, data=NEW_PASSWORD):
    """Open an e-mailed link, then post a new password to the page it leads to."""
    form_page = client.get(link, follow=True)
    return form_page, client.post(form_page.request["PATH_INFO"], data, follow=True)


def _admin_client(django_client_class):
    admin = AdministratorFactory()
    client = django_client_class()
    client.force_login(admin)
    return client


def _invite(admin_client, email="cal.coordinator@nhs.net") -> User:
    response = admin_client.post(
        reverse("accounts:user_invite"),
        {
            "full_name": "Cal Coordinator",
            "email": email,
            "profession": "vig_practitioner",
            "new_team": "VIG Team",
            "roles": [Role.COORDINATOR.value],
        },
    )
    assert response.status_code == 302
    return User.objects.get(email=email)


def _set_active(admin_client, user, *, active: bool):
    response = admin_client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "full_name": user.full_name,
            "profession": user.profession,
            "team": user.team_id or "",
            "new_team": "",
            "roles": [role.value for role in user.roles],
            "is_active": "yes" if active else "no",
            "supervisor": "",
        },
    )
    assert response.status_code == 302, response.content.decode()


def _sign_up(client, email):
    return client.post(
        SIGN_UP,
        {
            "full_name": "Cal Coordinator",
            "email": email,
            "profession": "health_visitor",
            "team_name": "Anywhere Team",
        },
        follow=True,
    )


def test_invitation_link_of_a_deactivated_account_is_refused_even_after_reactivation(
    client, configuration
):
    """Deactivating an invited person kills their link; reactivating does not revive it."""
    admin_client = _admin_client(type(client))
    user = _invite(admin_client)
    (invitation,) = mail.outbox
    link = _links_in(invitation)[0]
    _set_active(admin_client, user, active=False)

    form_page, done = _follow_link(client, link)
    assert DEAD_LINK in form_page.content.decode()
    assert DEAD_LINK in done.content.decode()
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert "_auth_user_id" not in client.session

    # Reactivated by an administrator: the old link stays dead, a new invitation works.
    _set_active(admin_client, user, active=True)
    assert DEAD_LINK in _follow_link(client, link)[1].content.decode()
    admin_client.post(reverse("accounts:user_resend_invitation", args=[user.pk]))
    fresh = _links_in(mail.outbox[-1])[0]
    assert "Your password has been set" in _follow_link(client, fresh)[1].content.decode()


def test_signing_up_with_a_deactivated_staff_address_sends_no_link_and_reveals_nothing(
    client, configuration
):
    """The page is the one anybody gets; the e-mail carries no link; the account stays out."""
    admin_client = _admin_client(type(client))
    user = _invite(admin_client)
    _set_active(admin_client, user, active=False)
    mail.outbox.clear()

    page = _sign_up(client, user.email).content.decode()
    fresh_page = _sign_up(type(client)(), "someone.new@nhs.net").content.decode()
    assert "Check your email" in page
    assert page.replace(user.email, "") == fresh_page.replace("someone.new@nhs.net", "")

    deactivated_mail = next(m for m in mail.outbox if m.to == [user.email])
    assert "deactivated" in deactivated_mail.body
    assert not any("set-password" in link for link in _links_in(deactivated_mail))
    user.refresh_from_db()
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.roles == {Role.COORDINATOR}


def test_sign_up_link_is_not_sent_again_once_an_unconfirmed_account_holds_staff_roles(
    client, configuration
):
    """An unconfirmed sign-up given a staff role gets no fresh link from signing up again."""
    _sign_up(client, "hana.visitor@nhs.net")
    user = User.objects.get(email="hana.visitor@nhs.net")
    admin_client = _admin_client(type(client))
    user.__dict__.pop("roles", None)
    response = admin_client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "full_name": user.full_name,
            "profession": user.profession,
            "team": "",
            "new_team": "",
            "roles": [Role.REFERRER.value, Role.COORDINATOR.value],
            "is_active": "no",
            "supervisor": "",
        },
    )
    assert response.status_code == 302
    mail.outbox.clear()

    assert "Check your email" in _sign_up(type(client)(), user.email).content.decode()
    (reminder,) = mail.outbox
    assert not any("set-password" in link for link in _links_in(reminder))


def test_password_reset_link_dies_when_the_account_is_deactivated(client, configuration):
    """A reset link sent before deactivation sets no password afterwards; none is sent after."""
    user = ReferrerFactory(email="rita@nhs.net")
    client.post(reverse("accounts:password_reset"), {"email": "rita@nhs.net"})
    (reset,) = mail.outbox
    link = _links_in(reset)[0]
    _set_active(_admin_client(type(client)), user, active=False)

    form_page, done = _follow_link(client, link)
    assert DEAD_LINK in form_page.content.decode()
    user.refresh_from_db()
    assert not user.check_password(NEW_PASSWORD["new_password1"])

    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "rita@nhs.net"})
    assert mail.outbox == []


def test_deactivating_an_unconfirmed_sign_up_kills_its_confirmation_link(client, configuration):
    """An administrator saving a not-yet-confirmed sign-up as not active deactivates it."""
    _sign_up(client, "sid.signup@nhs.net")
    (confirmation,) = mail.outbox
    user = User.objects.get(email="sid.signup@nhs.net")
    _set_active(_admin_client(type(client)), user, active=False)

    form_page, done = _follow_link(type(client)(), _links_in(confirmation)[0])

    assert DEAD_LINK in form_page.content.decode()
    user.refresh_from_db()
    assert user.is_deactivated
    assert not user.has_usable_password()

"""Password rules, reset by e-mail and changing your own password."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import PASSWORD, InvitedUserFactory, ReferrerFactory
from vig_service.accounts.tokens import password_reset_token_generator, set_password_path_args


def _link_from(message) -> str:
    return re.search(r"https?://[^\s]+", message.body).group(0)


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("elevenchars", False),  # 11 characters
        ("password1234", False),  # common
        ("123456789012", False),  # numeric and common
        ("tidal-harbour-77", True),
        ("x" * 7 + "tidal-harbour-77" * 7 + "y" * 9, True),  # 128 characters
        ("x" * 8 + "tidal-harbour-77" * 7 + "y" * 9, False),  # 129 characters
        ("rita@example.org", False),  # the e-mail address
        ("RitaReferrer!", False),  # the name
        ("qwertyuiop123", False),  # common
    ],
)
def test_password_rules(db, password, ok):
    """Passwords need 12 to 128 characters and must not be common or like the user's name."""
    user = ReferrerFactory.build(full_name="Rita Referrer", email="rita@example.org")
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_password_reset_page_is_the_same_for_known_and_unknown_addresses(client, configuration):
    """Asking for a reset never reveals whether an account exists; only a real one gets mail."""
    ReferrerFactory(email="rita@example.org")
    url = reverse("accounts:password_reset")
    known = client.post(url, {"email": "rita@example.org"}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@example.org"]
    assert "Test VIG Service" in mail.outbox[0].subject


def test_reset_link_sets_a_new_password_once(client, configuration):
    """The e-mailed link lets the user choose a password; the same link then stops working."""
    user = ReferrerFactory(email="rita@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "rita@example.org"})
    link = _link_from(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "tidal-harbour-77", "new_password2": "tidal-harbour-77"},
        follow=True,
    )
    assert "Password changed" in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("tidal-harbour-77")

    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_reset_is_not_sent_to_an_invited_user_without_a_password(client, configuration):
    """Invited users set their password from their invitation, not a reset e-mail."""
    InvitedUserFactory(email="new@example.org")
    client.post(reverse("accounts:password_reset"), {"email": "new@example.org"})
    assert mail.outbox == []


def test_change_password_keeps_you_signed_in(client, db):
    """A user changes their password with the current one and stays signed in."""
    user = ReferrerFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "tidal-harbour-77",
            "new_password2": "tidal-harbour-77",
        },
        follow=True,
    )
    assert "Your password has been changed" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("tidal-harbour-77")
    assert client.get(reverse("core:home")).status_code == 200


def test_change_password_refuses_a_short_one_with_a_clear_error(client, db):
    """A too-short password is refused with the GOV.UK error summary."""
    client.force_login(ReferrerFactory())
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "at least 12 characters" in html


def _first_password_page(client):
    user = InvitedUserFactory(email="rita@example.org", full_name="Rita Referrer")
    uidb64, token = set_password_path_args(user)
    link = reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})
    return client.get(link, follow=True).request["PATH_INFO"], {}


def _reset_page(client):
    user = ReferrerFactory(email="rita@example.org", full_name="Rita Referrer")
    uidb64 = set_password_path_args(user)[0]
    token = password_reset_token_generator.make_token(user)
    link = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})
    return client.get(link, follow=True).request["PATH_INFO"], {}


def _change_page(client):
    client.force_login(ReferrerFactory(email="rita@example.org", full_name="Rita Referrer"))
    return reverse("accounts:password_change"), {"old_password": PASSWORD}


@pytest.mark.parametrize("page", [_first_password_page, _reset_page, _change_page])
@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("r" * 129, "Password must be 128 characters or fewer"),
        ("rita@example.org", "The password is too similar to the email address"),
        ("Rita Referrer 1", "The password is too similar to the full name"),
        ("password123456", "This password is too common"),
        ("short-1", "at least 12 characters"),
    ],
)
def test_every_page_that_sets_a_password_applies_the_rules(client, db, page, password, error):
    """First password, reset and change all refuse long, personal, common and short passwords."""
    url, data = page(client)
    response = client.post(url, {**data, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert error.lower() in html.lower()
    assert not User.objects.get(email="rita@example.org").check_password(password)


def test_password_change_page_explains_the_rules(client, db):
    """The change page is titled for the user and gives the length rule as a hint."""
    client.force_login(ReferrerFactory())
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert "<title>Change your password" in html
    assert "Between 12 and 128 characters" in html

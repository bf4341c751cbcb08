"""Lookalike letters in an address: one normalised form for sign-in, lockout, sign-up and reset.

NFKC then case-folding maps the long s (ſ), the Kelvin sign (K) and fullwidth letters to plain
ones, so those addresses are the account's own and every failure counts against it; the
dotless ı maps to nothing plain, so it is another address that no account can have.
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    CoordinatorFactory,
)

LOGIN = reverse("accounts:login")
ACCOUNT = "kasia.coordinator@example.org"
# The same account written with lookalike letters that normalise to plain ones.
LOOKALIKES = {
    "long s": "kaſia.coordinator@example.org",
    "Kelvin sign": "\u212aasia.coordinator@example.org",
    "fullwidth": "ｋａｓｉａ.ｃｏｏｒｄｉｎａｔｏｒ@ｅｘａｍｐｌｅ.ｏｒｇ",
}
DOTLESS_I = "kasia.coordınator@example.org"


def _sign_in(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR="10.0.0.1")


def test_dotless_i_does_not_sign_in_as_the_account_with_a_plain_i(db):
    """coordınator@ with the coordinator's password is a failed sign-in, not the coordinator."""
    CoordinatorFactory(email=ACCOUNT)
    client = Client()
    response = _sign_in(client, DOTLESS_I, PASSWORD)
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_dotless_i_gives_no_extra_tries_once_the_account_is_locked(db):
    """After five wrong passwords, the dotless-ı spelling cannot get in with the right one."""
    CoordinatorFactory(email=ACCOUNT)
    client = Client()
    for _ in range(5):
        _sign_in(client, ACCOUNT, "wrong")
    _sign_in(client, DOTLESS_I, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert _sign_in(client, ACCOUNT, PASSWORD).status_code == 429


@pytest.mark.parametrize("lookalike", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_lookalike_that_normalises_to_the_address_signs_in_to_that_account(db, lookalike):
    """The long s, the Kelvin sign and fullwidth letters are the account's own address."""
    user = CoordinatorFactory(email=ACCOUNT)
    client = Client()
    assert _sign_in(client, lookalike, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_failures_under_every_lookalike_count_against_the_one_account(db):
    """Four lookalike spellings and the plain one make five failures: the account is locked."""
    CoordinatorFactory(email=ACCOUNT)
    client = Client()
    for spelling in [*LOOKALIKES.values(), ACCOUNT.upper()]:
        assert _sign_in(client, spelling, "wrong").status_code == 200
    assert _sign_in(client, ACCOUNT, "wrong").status_code == 429
    for spelling in [ACCOUNT, *LOOKALIKES.values()]:
        assert _sign_in(client, spelling, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_up_refuses_an_address_with_letters_outside_a_to_z(client, configuration):
    """A dotless ı cannot make a lookalike account: the sign-up form says what to change."""
    response = client.post(
        reverse("accounts:sign_up"),
        {
            "full_name": "Kasia Visitor",
            "email": "kasia.vısitor@nhs.net",
            "profession": "health_visitor",
            "team_name": "Bodmin Health Visiting",
        },
    )
    assert "Enter an email address using only the letters a to z" in response.content.decode()
    assert not User.objects.filter(email__contains="ı").exists()
    assert mail.outbox == []


def test_sign_up_with_a_lookalike_of_an_existing_address_makes_no_second_account(
    client, configuration
):
    """A fullwidth spelling is the same address: the owner gets a reminder, no new account."""
    CoordinatorFactory(email="kasia@nhs.net")
    client.post(
        reverse("accounts:sign_up"),
        {
            "full_name": "Kasia Visitor",
            "email": "ｋａｓｉａ@nhs.net",
            "profession": "health_visitor",
            "team_name": "Bodmin Health Visiting",
        },
    )
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["kasia@nhs.net"]]


def test_invitation_refuses_a_lookalike_of_an_existing_user(client, db):
    """Inviting kaſia@ when kasia@ exists is refused as the same person."""
    CoordinatorFactory(email=ACCOUNT)
    client.force_login(AdministratorFactory())
    response = client.post(
        reverse("accounts:user_invite"),
        {
            "full_name": "Kasia Again",
            "email": LOOKALIKES["long s"],
            "profession": "social_worker",
            "roles": ["guider"],
        },
    )
    assert "A user with this email address already exists" in response.content.decode()
    assert User.objects.count() == 2


def test_reset_for_a_lookalike_sends_the_link_to_the_accounts_own_address(client, db):
    """The Kelvin-sign spelling resets the account, and the e-mail goes to its stored address."""
    CoordinatorFactory(email=ACCOUNT)
    client.post(reverse("accounts:password_reset"), {"email": LOOKALIKES["Kelvin sign"]})
    assert [message.to for message in mail.outbox] == [[ACCOUNT]]


def test_reset_for_the_dotless_i_spelling_sends_nothing(client, db):
    """coordınator@ is not the account: the same page follows and no e-mail is sent."""
    CoordinatorFactory(email=ACCOUNT)
    response = client.post(reverse("accounts:password_reset"), {"email": DOTLESS_I})
    assert response.status_code == 302
    assert mail.outbox == []

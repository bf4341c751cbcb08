"""Self-signed-up referrers join a team only when an administrator approves it (item 7)."""

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from referrals.configuration import ReferralSettings
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.models import Team, User
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    ManagerFactory,
    ReferrerFactory,
    TeamFactory,
)

SIGN_UP = reverse("accounts:sign_up")
NEW_PASSWORD = {"new_password1": "tidal-harbour-77", "new_password2": "tidal-harbour-77"}
CHILD = "Zqxteamchildmark"


def _sign_up(client, *, team_name, email="nia.newcomer@nhs.net"):
    return client.post(
        SIGN_UP,
        {
            "full_name": "Nia Newcomer",
            "email": email,
            "profession": "health_visitor",
            "team_name": team_name,
        },
        follow=True,
    )


def _sign_up_and_confirm(client, *, team_name) -> User:
    """Sign up, follow the e-mailed link and set a password: signed in as the new referrer."""
    _sign_up(client, team_name=team_name)
    link = re.search(r"https?://[^\s]+", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    client.post(form_page.request["PATH_INFO"], NEW_PASSWORD, follow=True)
    return User.objects.get(email="nia.newcomer@nhs.net")


@pytest.fixture
def team_referral(configuration):
    """Bodmin Health Visiting's submitted referral, with team visibility switched on."""
    settings = ReferralSettings.load()
    settings.referrers_see_team_referrals = True
    settings.save()
    member = ReferrerFactory(team=TeamFactory(name="Bodmin Health Visiting"))
    return SubmittedReferralFactory(referrer=member, child_first_name=CHILD)


def _admin_client(client_class):
    client = client_class()
    client.force_login(AdministratorFactory(team=None))
    return client


def _decide(admin_client, user, decision):
    return admin_client.post(
        reverse("accounts:user_team_request", args=[user.pk]), {"decision": decision}, follow=True
    )


def test_referrer_claiming_an_existing_team_sees_its_referrals_only_once_approved(
    client, team_referral
):
    """ " bodmin  HEALTH visiting " waits for approval; then the team's referral opens."""
    user = _sign_up_and_confirm(client, team_name="  bodmin  HEALTH visiting ")
    detail = reverse("referrals:detail", args=[team_referral.pk])
    assert user.team is None
    assert team_referral.reference not in client.get(reverse("referrals:list")).content.decode()
    assert client.get(detail).status_code == 404

    admin_client = _admin_client(type(client))
    users_page = admin_client.get(reverse("accounts:user_list")).content.decode()
    assert "Requests to join a team" in users_page
    assert "Bodmin Health Visiting" in users_page
    assert "Existing team" in users_page

    done = _decide(admin_client, user, "approve").content.decode()
    assert "Nia Newcomer is now a member of Bodmin Health Visiting" in done
    assert "Requests to join a team" not in done
    assert team_referral.reference in client.get(reverse("referrals:list")).content.decode()
    assert CHILD in client.get(detail).content.decode()
    assert Team.objects.filter(name__iexact="bodmin health visiting").count() == 1
    user.refresh_from_db()
    assert user.events.filter(action="team_approved", note="Bodmin Health Visiting").exists()


def test_refused_request_leaves_the_referrer_outside_the_team(client, team_referral):
    """After a refusal the referrer still sees only their own referrals, and the request goes."""
    user = _sign_up_and_confirm(client, team_name="Bodmin Health Visiting")
    admin_client = _admin_client(type(client))
    done = _decide(admin_client, user, "refuse").content.decode()
    assert "request to join Bodmin Health Visiting was refused" in done
    assert "Requests to join a team" not in done
    assert client.get(reverse("referrals:detail", args=[team_referral.pk])).status_code == 404
    user.refresh_from_db()
    assert user.team is None
    assert user.events.filter(action="team_refused").exists()
    # Deciding twice (say, from a page left open) changes nothing: there is no request now.
    assert _decide(admin_client, user, "approve").status_code == 404
    user.refresh_from_db()
    assert user.team is None


def test_unconfirmed_sign_up_is_not_shown_for_approval(client, team_referral):
    """Until the person has confirmed their address, there is nothing to approve."""
    _sign_up(client, team_name="Bodmin Health Visiting")
    users_page = _admin_client(type(client)).get(reverse("accounts:user_list"))
    assert "Requests to join a team" not in users_page.content.decode()


def test_referrals_made_while_waiting_are_reported_under_no_team(client, team_referral):
    """The referrals CSV puts a waiting referrer's referral under no team, not the one claimed."""
    user = _sign_up_and_confirm(client, team_name="Bodmin Health Visiting")
    waiting = SubmittedReferralFactory(referrer=user)
    client.force_login(ManagerFactory())
    body = b"".join(client.get(reverse("reports:referrals_csv")).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    team_column = rows[0].index("Referrer's team")
    team_of = {row[0]: row[team_column] for row in rows[1:]}
    assert team_of[team_referral.reference] == "Bodmin Health Visiting"
    assert team_of[waiting.reference] == ""


@pytest.mark.parametrize(
    ("team_name", "error"),
    [
        ("   ", "Enter your team or organisation"),
        ("<b>Bodmin</b>", "Team or organisation must only contain letters"),
        ("Bodmin {{ team }}", "Team or organisation must only contain letters"),
        ("B" * 121, "Team or organisation must be 120 characters or fewer"),
    ],
)
def test_team_name_must_be_plain_words_of_a_sensible_length(
    client, configuration, team_name, error
):
    """Blank, markup and over-long team names are refused with a message saying what to do."""
    html = _sign_up(client, team_name=team_name).content.decode()
    assert "There is a problem" in html
    assert error in html
    assert not User.objects.filter(email="nia.newcomer@nhs.net").exists()
    assert mail.outbox == []


def test_administrator_cannot_add_a_team_whose_name_is_markup(client, db):
    """The invitation form's new team is checked the same way as the sign-up's."""
    admin_client = _admin_client(type(client))
    response = admin_client.post(
        reverse("accounts:user_invite"),
        {
            "full_name": "Cal Coordinator",
            "email": "cal@example.org",
            "profession": "vig_practitioner",
            "new_team": "<script>x</script>",
            "roles": ["coordinator"],
        },
    )
    assert "The new team&#x27;s name must only contain letters" in response.content.decode()
    assert not Team.objects.filter(name__contains="script").exists()

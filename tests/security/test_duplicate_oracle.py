"""The duplicate warning is not an oracle: a referrer learns only of referrals they may see.

A referrer typing a child's name and date of birth, or an NHS number, must not be able to find
out whether the service holds a referral for that child. Their pages are compared with and
without another team's matching referral: they must be identical.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import ReferralSettings
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from tests.security import checks
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    ReferrerFactory,
    TeamFactory,
)

NHS_NUMBER = "9434765919"
CHILD = {
    "child_first_name": "Morwenna",
    "child_last_name": "Angove",
    "child_date_of_birth": timezone.localdate().replace(year=timezone.localdate().year - 5),
}
# The CSRF token differs on every response; nothing else may.
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')

# The pages a referrer sees their draft on before it is sent.
DRAFT_PAGES = ("referrals:eligibility", "referrals:check")


def _pages(client, draft) -> dict[str, str]:
    return {
        name: CSRF.sub("", checks.body_of(client.get(reverse(name, args=[draft.pk]))))
        for name in DRAFT_PAGES
    }


@pytest.mark.parametrize(
    ("who", "match"),
    [
        ("new referrer", {"child_nhs_number": NHS_NUMBER}),
        ("new referrer", CHILD),
        ("referrer of another team", {"child_nhs_number": NHS_NUMBER}),
        ("referrer of another team", CHILD),
        ("referrer of the same team who sees only their own", CHILD),
    ],
)
def test_referrer_pages_are_identical_whether_or_not_a_hidden_match_exists(db, who, match):
    """Another referrer's open referral for the same child changes nothing on the draft's pages."""
    team = TeamFactory()
    referrer = ReferrerFactory(team=team if "same team" in who else TeamFactory())
    if who == "new referrer":
        referrer = ReferrerFactory(team=None)
    draft = CompleteDraftFactory(referrer=referrer, child_nhs_number=NHS_NUMBER, **CHILD)
    client = checks.client_for(referrer)
    before = _pages(client, draft)

    other_referrer = ReferrerFactory(team=team)
    existing = SubmittedReferralFactory(referrer=other_referrer, **match)
    after = _pages(client, draft)

    assert after == before
    assert existing.reference not in "".join(after.values())
    assert "already" not in after["referrals:eligibility"]


def test_referrer_who_may_see_team_referrals_is_shown_the_team_match(db):
    """Where the service lets referrers see their team's referrals, a team match is linked."""
    settings = ReferralSettings.load()
    settings.referrers_see_team_referrals = True
    settings.save()
    team = TeamFactory()
    existing = SubmittedReferralFactory(referrer=ReferrerFactory(team=team), **CHILD)
    draft = CompleteDraftFactory(referrer=ReferrerFactory(team=team), **CHILD)
    html = _pages(checks.client_for(draft.referrer), draft)["referrals:eligibility"]
    assert "You may already have referred this child: 1 open referral" in html
    assert existing.reference in html


def test_coordinator_sees_every_match_on_the_referral_page(db):
    """The coordinator's referral page lists another team's referral for the same child."""
    existing = SubmittedReferralFactory(child_nhs_number=NHS_NUMBER)
    referral = SubmittedReferralFactory(referrer=ReferrerFactory(team=TeamFactory()), **CHILD)
    referral.child_nhs_number = NHS_NUMBER
    referral.save(update_fields=["child_nhs_number"])
    client = checks.client_for(CoordinatorFactory())
    html = checks.body_of(client.get(referral.get_absolute_url()))
    assert "Possible duplicates" in html
    assert existing.reference in html

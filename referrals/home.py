"""The referral cards of the home page: the coordinator's triage, the referrer's answers.

Registered in ReferralsConfig.ready() (docs/architecture.md, "Home page").
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode

from referrals import selectors
from referrals.filters import NO_TIER
from referrals.models import Referral
from vig_service.core.home import HomeCard, HomeFigure

# A question to the referrer unanswered this long is worth chasing (issue 16's working week).
REFERRER_WAIT = timedelta(days=7)
# What the referrer's home page counts as a recent change, and how many it lists.
RECENT_CHANGES = timedelta(days=14)
LISTED = 10


def _on(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _queue(**filters) -> str:
    return f"{reverse('referrals:queue')}?{urlencode(filters)}"


def coordinator_cards(user) -> list[HomeCard]:
    """New referrals by tier, questions the referrer has not answered, the waiting list."""
    tiers = tuple(
        HomeFigure(
            f"{row['label']} referrals" if row["tier"] != NO_TIER else "Referrals with no tier",
            row["count"],
            _queue(tier=row["tier"]),
        )
        for row in selectors.new_referral_tier_counts(user=user)
    )
    asked_before = timezone.now() - REFERRER_WAIT
    return [
        HomeCard("New referrals to decide", tiers, "No new referrals are waiting for a decision."),
        HomeCard(
            "Waiting for the referrer",
            (
                HomeFigure(
                    f"Asked for more information over {REFERRER_WAIT.days} days ago",
                    selectors.waiting_for_referrer_count(user=user, asked_before=asked_before),
                    _queue(status=Referral.Status.MORE_INFO_REQUESTED),
                ),
            ),
            f"No referrer has left a question unanswered for over {REFERRER_WAIT.days} days.",
        ),
        HomeCard(
            "Waiting list",
            (
                HomeFigure(
                    "Accepted, waiting for a guider",
                    selectors.waiting_list_count(user=user),
                    reverse("referrals:waiting_list"),
                ),
            ),
            "No accepted referral is waiting for a guider.",
        ),
    ]


def _listed(referrals: list[Referral], hint) -> tuple[HomeFigure, ...]:
    lines = [HomeFigure(r.reference, None, r.get_absolute_url(), hint(r)) for r in referrals]
    if len(lines) > LISTED:
        lines[LISTED:] = [HomeFigure("More on My referrals", None, reverse("referrals:list"))]
    return tuple(lines)


def referrer_cards(user) -> list[HomeCard]:
    """The referrer's referrals waiting for their answer, and those whose status changed."""
    waiting = selectors.awaiting_answer(user=user, limit=LISTED + 1)
    since = timezone.now() - RECENT_CHANGES
    changed = selectors.recently_changed(user=user, since=since, limit=LISTED + 1)
    return [
        HomeCard(
            "Waiting for your answer",
            _listed(
                waiting,
                lambda r: f"More information asked for on {_on(r.information_requested_at)}",
            ),
            "None of your referrals is waiting for your answer.",
        ),
        HomeCard(
            f"Changed in the last {RECENT_CHANGES.days} days",
            _listed(changed, lambda r: f"{r.get_status_display()} on {_on(r.status_changed_at)}"),
            f"None of your referrals has changed status in the last {RECENT_CHANGES.days} days.",
        ),
    ]

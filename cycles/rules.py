"""Pure rules for cycles: ratings, dates, clip times, the limit. No I/O."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cases.rules import CLOSED_MESSAGE, RATING_MESSAGE, Limit
from cases.rules import FOCUS_CHILD as FOCUS_CHILD  # re-exported for the cycle modules
from referrals.rules import CONSENT_AGE_YEARS, age_on
from vig_service.core.errors import RuleBroken

TIMESTAMP_MESSAGE = "Enter the time in the film as minutes and seconds, like 03:45"
TIMESTAMP = re.compile(r"^(\d{1,3}):([0-5]\d)$")


def parse_rating(value) -> int:
    """A helping-question rating as a whole number from 0 to 10; anything else is refused."""
    if isinstance(value, bool):
        raise RuleBroken(RATING_MESSAGE)
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,2}\s*", value):
        number = int(value)
    else:
        raise RuleBroken(RATING_MESSAGE)
    if not 0 <= number <= 10:
        raise RuleBroken(RATING_MESSAGE)
    return number


def parse_timestamp(value: str) -> str:
    """A time in the film as mm:ss (minutes padded to two digits), such as "03:45"."""
    match = TIMESTAMP.match((value or "").strip())
    if not match:
        raise RuleBroken(TIMESTAMP_MESSAGE)
    minutes, seconds = match.groups()
    return f"{int(minutes):02d}:{seconds}"


def timestamp_seconds(value: str) -> int:
    """Seconds from the start of the film for a time as mm:ss."""
    minutes, seconds = parse_timestamp(value).split(":")
    return int(minutes) * 60 + int(seconds)


def long_date(day: date) -> str:
    """A date the GOV.UK way: 3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def check_not_future(day: date, *, today: date, what: str) -> None:
    """Refuse a date after today; `what` names it, like "The date filmed"."""
    if day > today:
        raise RuleBroken(f"{what} must be today or in the past")


def check_review_date(*, held_on: date, filmed_on: date | None, today: date) -> None:
    """A shared review is held on or after its filming, and not in the future."""
    if filmed_on is not None and held_on < filmed_on:
        raise RuleBroken(
            f"The shared review cannot be before the filming on {long_date(filmed_on)}"
        )
    check_not_future(held_on, today=today, what="The date of the shared review")


FILMING = "filming"


@dataclass(frozen=True)
class Child:
    """A child of the family who may be filmed: the child referred or a household child."""

    key: str
    name: str
    date_of_birth: date | None


@dataclass(frozen=True)
class GivenConsent:
    """A consent as the filming rule needs it; `child` is the giving child's key, else None."""

    kind: str
    given_on: date
    withdrawn_on: date | None = None
    child: str | None = None

    def covers(self, day: date) -> bool:
        """Whether this is a consent to be filmed that was in force on `day`."""
        return (
            self.kind == FILMING
            and self.given_on <= day
            and (self.withdrawn_on is None or self.withdrawn_on > day)
        )


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def why_filming_not_covered(
    *,
    filmed_on: date,
    opened_on: date,
    contract_agreed_on: date | None,
    consents: Iterable[GivenConsent],
    children_filmed: Iterable[Child],
) -> RuleBroken | None:
    """Why a filming on `filmed_on` is not covered, or None when it is.

    Covered: on or after the case opened and the written contract was agreed, under an
    adult's consent to be filmed given on or before that day, and with the own consent of
    every child filmed who was 12 or over that day.
    """
    day = long_date(filmed_on)
    if filmed_on < opened_on:
        return RuleBroken(
            f"The date filmed must be on or after the case was opened on {long_date(opened_on)}",
            field="filmed_on",
        )
    if contract_agreed_on is None:
        return RuleBroken(
            "Record the date the written contract was agreed before you record filming"
        )
    if filmed_on < contract_agreed_on:
        return RuleBroken(
            "The date filmed must be on or after the written contract was agreed on "
            f"{long_date(contract_agreed_on)}",
            field="filmed_on",
        )
    consents = list(consents)
    if not any(c.covers(filmed_on) and c.child is None for c in consents):
        return RuleBroken(
            f"No parent or carer had given consent to be filmed on or before {day}. "
            "Record their consent on the Consents tab, or correct the date filmed",
            field="filmed_on",
        )
    consented = {c.child for c in consents if c.child is not None and c.covers(filmed_on)}
    missing = []
    for child in children_filmed:
        age = age_on(child.date_of_birth, filmed_on) if child.date_of_birth else None
        if age is not None and age.years >= CONSENT_AGE_YEARS and child.key not in consented:
            missing.append(f"{child.name} ({age.years})")
    if missing:
        return RuleBroken(
            f"{_names(missing)} {'was' if len(missing) == 1 else 'were'} 12 or over on {day} "
            f"and {'has' if len(missing) == 1 else 'have'} not given their own consent to be "
            "filmed. Record their consent on the Consents tab first",
            field="children_filmed",
        )
    return None


def limit_message(limit: Limit, *, month_limit: int) -> str:
    """Why no further cycle may start, with the case's real limit."""
    if limit.extended:
        until = f" (or {long_date(limit.ends_on)})" if limit.ends_on else ""
        return (
            f"This case has reached its extended limit of {limit.cycles} cycles{until}. "
            "A manager can grant a further extension."
        )
    return (
        f"This case has reached its limit of {limit.cycles} cycles (or {month_limit} months "
        "from the first filming). A manager can grant an extension."
    )


def why_no_new_cycle(
    *,
    case_status: str,
    cycles: list[tuple[int, str]],
    limit: Limit,
    month_limit: int,
    today: date,
) -> str | None:
    """Why the next cycle cannot start, or None when it can.

    `cycles` are the case's (number, status) pairs; a new cycle waits for the last one's review.
    """
    if case_status == "closed":
        return CLOSED_MESSAGE
    if case_status != "active":
        return (
            "Start the intervention before filming: the case needs a contract and filming consent"
        )
    if limit.reached(cycles_started=len(cycles), today=today):
        return limit_message(limit, month_limit=month_limit)
    if cycles:
        number, status = max(cycles)
        if status != "reviewed":
            return f"Hold the shared review for cycle {number} before you start cycle {number + 1}"
    return None


# What each page of a cycle does, and the cycle statuses in which it is offered.
ACTIONS = {
    "filming": ("record the filming", {"planned"}),
    "filming_date": ("correct the date filmed", {"filmed", "edited"}),
    "clip_add": ("add a clip", {"filmed", "edited"}),
    "clip_remove": ("remove a clip", {"filmed", "edited"}),
    "edited": ("mark the clips as chosen", {"filmed"}),
    "review": ("record the shared review", {"edited"}),
    "showing": ("record clips shown", {"edited", "reviewed"}),
    "supervision": ("record supervision", {"planned", "filmed", "edited", "reviewed"}),
}


def actions_allowed(*, case_status: str, cycle_status: str) -> frozenset[str]:
    """The cycle pages whose action the case and cycle status allow; none on a closed case."""
    if case_status == "closed":
        return frozenset()
    return frozenset(name for name, (_, statuses) in ACTIONS.items() if cycle_status in statuses)

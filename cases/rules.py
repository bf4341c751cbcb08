"""Pure rules for a case's limit and footage (DESIGN.md §5): no database, no I/O."""

import calendar
from dataclasses import dataclass
from datetime import date

# Said wherever something would change a closed case: its own pages and its cycles'.
CLOSED_MESSAGE = "This case is closed, so it can no longer be changed."


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Limit:
    """How far a case may go: a number of cycles, and a date once filming has started."""

    cycles: int
    ends_on: date | None
    extended: bool = False

    def reached(self, *, cycles_started: int, today: date) -> bool:
        """Whether no further cycle may start."""
        return cycles_started >= self.cycles or (self.ends_on is not None and today > self.ends_on)


def effective_limit(
    *,
    cycle_limit: int,
    month_limit: int,
    first_filmed_on: date | None,
    extensions: list[tuple[int, date]] = (),
) -> Limit:
    """The service's limit (cycles, or months from the first filming), or the latest extension.

    `extensions` are (cycle limit, end date) pairs in the order they were granted.
    """
    if extensions:
        cycles, ends_on = extensions[-1]
        return Limit(cycles=cycles, ends_on=ends_on, extended=True)
    ends_on = add_months(first_filmed_on, month_limit) if first_filmed_on else None
    return Limit(cycles=cycle_limit, ends_on=ends_on)


def footage_deletion_due_on(*, closed_on: date | None, months: int) -> date | None:
    """When a closed case's footage must be deleted by, as the consent forms promise."""
    return add_months(closed_on, months) if closed_on else None


# The child referred, among the family's children who may consent and be filmed; household
# children go by their id as text.
FOCUS_CHILD = "focus"

# How close to its end date a case is flagged on My cases.
LIMIT_WARNING_DAYS = 28
RATING_MESSAGE = "Rating must be a whole number from 0 to 10"
NOTHING_TO_DO = "Nothing to do"
CYCLE_STEPS = {
    "planned": "Film cycle {n}",
    "filmed": "Choose the clips for cycle {n}",
    "edited": "Hold the shared review for cycle {n}",
}


def is_valid_rating(value) -> bool:
    """Whether a helping-question rating is a whole number from 0 to 10 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def footage_flag(*, footage_deleted_on: date | None, due_on: date | None, today: date) -> str:
    """ "Footage deletion due" until the date the consent forms promise, "overdue" after it."""
    if footage_deleted_on is not None or due_on is None:
        return ""
    return "Footage deletion overdue" if today > due_on else "Footage deletion due"


def _weeks(days: int) -> str:
    weeks = max(1, -(-days // 7))
    return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"


def next_action(
    *,
    status: str,
    has_initial_visit: bool,
    has_contract: bool,
    has_filming_consent: bool,
    question_count: int,
    cycles: list[tuple[int, str]],
    limit: Limit,
    today: date,
    has_footage: bool = True,
    footage_deleted_on: date | None = None,
    footage_due_on: date | None = None,
) -> str:
    """What the case needs next, in the words shown on My cases and the case overview.

    `cycles` are (number, cycle status) pairs. `has_footage` is False for a case closed
    before anything was filmed or kept, which has no footage to delete.
    """
    if status == "closed":
        if not has_footage:
            return NOTHING_TO_DO
        flag = footage_flag(
            footage_deleted_on=footage_deleted_on, due_on=footage_due_on, today=today
        )
        return flag or NOTHING_TO_DO
    if status == "allocated" or (status == "contracting" and not has_initial_visit):
        return "Record the initial visit"
    if status == "contracting":
        if not has_contract:
            return "Record the contract"
        if not has_filming_consent:
            return "Record filming consent"
        if not question_count:
            return "Set a helping question"
        return "Start the intervention"
    if not question_count:
        return "Set a helping question"
    unfinished = sorted((n, s) for n, s in cycles if s != "reviewed")
    if unfinished:
        number, cycle_status = unfinished[0]
        if cycle_status == "planned" and not has_filming_consent:
            return "Record filming consent"
        return CYCLE_STEPS[cycle_status].format(n=number)
    started = len(cycles)
    if limit.reached(cycles_started=started, today=today):
        return "Close the case" if started >= limit.cycles else "Limit reached"
    if limit.ends_on is not None and (limit.ends_on - today).days <= LIMIT_WARNING_DAYS:
        return f"Limit reached in {_weeks((limit.ends_on - today).days)}"
    if not has_filming_consent:
        return "Record filming consent"
    return f"Film cycle {max((n for n, _ in cycles), default=0) + 1}"

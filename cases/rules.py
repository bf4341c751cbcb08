"""Pure rules for a case's limit, footage and next action: no database, no I/O."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from vig_service.core.next_actions import NextAction, Severity

# Said wherever something would change a closed case: its own pages and its cycles'.
CLOSED_MESSAGE = "This case is closed, so it can no longer be changed."


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_start_ending_by(ends_by: date, months: int) -> date:
    """The latest first filming whose `months` end on or before `ends_by` (add_months clamps).

    add_months never goes down as the day goes up, so every earlier day also ends in time:
    near_limit() reads the first filmings up to this day through an index.
    """
    day = add_months(ends_by, -months)
    while add_months(day, months) > ends_by:
        day -= timedelta(days=1)
    while add_months(day + timedelta(days=1), months) <= ends_by:
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Limit:
    """How far a case may go: a number of cycles, and a date once filming has started."""

    cycles: int
    ends_on: date | None
    extended: bool = False

    def reached(self, *, cycles_started: int, today: date) -> bool:
        """Whether no further cycle may start."""
        return cycles_started >= self.cycles or (self.ends_on is not None and today > self.ends_on)

    def near(self, *, cycles_started: int, today: date) -> bool:
        """Whether it is reached or ends within 4 weeks: the cases near_limit() lists."""
        warn_from = today + timedelta(days=LIMIT_WARNING_DAYS)
        return cycles_started >= self.cycles or (
            self.ends_on is not None and self.ends_on <= warn_from
        )


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


class Next(StrEnum):
    """The codes of a case's next actions: pages link and colour them by code, never by words."""

    RECORD_INITIAL_VISIT = "record_initial_visit"
    RECORD_CONTRACT = "record_contract"
    RECORD_FILMING_CONSENT = "record_filming_consent"
    SET_HELPING_QUESTION = "set_helping_question"
    START_INTERVENTION = "start_intervention"
    FILM_CYCLE = "film_cycle"
    CHOOSE_CLIPS = "choose_clips"
    HOLD_SHARED_REVIEW = "hold_shared_review"
    CLOSE_CASE = "close_case"
    LIMIT_NEAR = "limit_near"
    LIMIT_REACHED = "limit_reached"
    FOOTAGE_DELETION_DUE = "footage_deletion_due"
    FOOTAGE_DELETION_OVERDUE = "footage_deletion_overdue"
    NOTHING_TO_DO = "nothing_to_do"


# The words shown on My cases and the case overview; {n} is a cycle, {weeks} a time left.
LABELS = {
    Next.RECORD_INITIAL_VISIT: "Record the initial visit",
    Next.RECORD_CONTRACT: "Record the contract",
    Next.RECORD_FILMING_CONSENT: "Record filming consent",
    Next.SET_HELPING_QUESTION: "Set a helping question",
    Next.START_INTERVENTION: "Start the intervention",
    Next.FILM_CYCLE: "Film cycle {n}",
    Next.CHOOSE_CLIPS: "Choose the clips for cycle {n}",
    Next.HOLD_SHARED_REVIEW: "Hold the shared review for cycle {n}",
    Next.CLOSE_CASE: "Close the case",
    Next.LIMIT_NEAR: "Limit reached in {weeks}",
    Next.LIMIT_REACHED: "Limit reached",
    Next.FOOTAGE_DELETION_DUE: "Footage deletion due",
    Next.FOOTAGE_DELETION_OVERDUE: "Footage deletion overdue",
    Next.NOTHING_TO_DO: "Nothing to do",
}
SEVERITIES = {
    Next.LIMIT_NEAR: Severity.WARNING,
    Next.FOOTAGE_DELETION_DUE: Severity.WARNING,
    Next.LIMIT_REACHED: Severity.URGENT,
    Next.FOOTAGE_DELETION_OVERDUE: Severity.URGENT,
}
CYCLE_STEPS = {
    "planned": Next.FILM_CYCLE,
    "filmed": Next.CHOOSE_CLIPS,
    "edited": Next.HOLD_SHARED_REVIEW,
}


def _next(code: Next, **words) -> NextAction:
    return NextAction(
        code, LABELS[code].format(**words), severity=SEVERITIES.get(code, Severity.ROUTINE)
    )


def is_valid_rating(value) -> bool:
    """Whether a helping-question rating is a whole number from 0 to 10 (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def footage_flag(
    *, footage_deleted_on: date | None, due_on: date | None, today: date
) -> NextAction | None:
    """Footage deletion due until the date the consent forms promise, overdue after it."""
    if footage_deleted_on is not None or due_on is None:
        return None
    return _next(Next.FOOTAGE_DELETION_OVERDUE if today > due_on else Next.FOOTAGE_DELETION_DUE)


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
) -> NextAction:
    """What the case needs next: its code, and the words shown on My cases and the overview.

    `cycles` are (number, cycle status) pairs. `has_footage` is False for a case closed
    before anything was filmed or kept, which has no footage to delete.
    """
    if status == "closed":
        if not has_footage:
            return _next(Next.NOTHING_TO_DO)
        flag = footage_flag(
            footage_deleted_on=footage_deleted_on, due_on=footage_due_on, today=today
        )
        return flag or _next(Next.NOTHING_TO_DO)
    if status == "allocated" or (status == "contracting" and not has_initial_visit):
        return _next(Next.RECORD_INITIAL_VISIT)
    if status == "contracting":
        if not has_contract:
            return _next(Next.RECORD_CONTRACT)
        if not has_filming_consent:
            return _next(Next.RECORD_FILMING_CONSENT)
        if not question_count:
            return _next(Next.SET_HELPING_QUESTION)
        return _next(Next.START_INTERVENTION)
    if not question_count:
        return _next(Next.SET_HELPING_QUESTION)
    unfinished = sorted((n, s) for n, s in cycles if s != "reviewed")
    if unfinished:
        number, cycle_status = unfinished[0]
        if cycle_status == "planned" and not has_filming_consent:
            return _next(Next.RECORD_FILMING_CONSENT)
        return _next(CYCLE_STEPS[cycle_status], n=number)
    started = len(cycles)
    if limit.reached(cycles_started=started, today=today):
        return _next(Next.CLOSE_CASE if started >= limit.cycles else Next.LIMIT_REACHED)
    if limit.ends_on is not None and (limit.ends_on - today).days <= LIMIT_WARNING_DAYS:
        return _next(Next.LIMIT_NEAR, weeks=_weeks((limit.ends_on - today).days))
    if not has_filming_consent:
        return _next(Next.RECORD_FILMING_CONSENT)
    return _next(Next.FILM_CYCLE, n=max((n for n, _ in cycles), default=0) + 1)

"""Pure rules for training: places, day order, attendance, stages. No I/O."""

from dataclasses import dataclass
from datetime import date, timedelta

from vig_service.core.errors import RuleBroken

# A supervisee with no supervision in this long is shown as due one.
SUPERVISION_DUE_AFTER = timedelta(weeks=6)


def long_date(day: date) -> str:
    """A date the GOV.UK way: 3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def place_for(*, enrolled: int, capacity: int) -> str:
    """Whether a new enrolment gets a place ("enrolled") or joins the waiting list ("waiting")."""
    return "enrolled" if enrolled < capacity else "waiting"


def check_day_dates(dates: list[date]) -> None:
    """Each course day must come after the one before it; day 1 comes first."""
    if not dates:
        raise RuleBroken("Enter the date of day 1")
    for number, (before, after) in enumerate(zip(dates, dates[1:], strict=False), start=2):
        if after <= before:
            raise RuleBroken(f"Day {number} must be after day {number - 1} ({long_date(before)})")


def counted(number: float, singular: str, plural: str = "") -> str:
    """A count with its noun agreeing: "1 place", "2 places", "1 person", "3 people"."""
    noun = singular if number == 1 else (plural or f"{singular}s")
    text = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{text} {noun}"


def check_capacity(*, capacity: int, enrolled: int) -> None:
    """A course cannot have fewer places than the people already holding one."""
    if capacity < 1:
        raise RuleBroken("The number of places must be 1 or more")
    if capacity < enrolled:
        raise RuleBroken(
            f"The number of places cannot be fewer than the "
            f"{counted(enrolled, 'person', 'people')} already enrolled. Withdraw someone first."
        )


def check_attendance_day(*, day_date: date, first_day: date, today: date, number: int) -> None:
    """Attendance is recorded on or after the day, never before the course starts."""
    if first_day > today:
        raise RuleBroken(
            f"You cannot record attendance before the course starts on {long_date(first_day)}"
        )
    if day_date > today:
        raise RuleBroken(
            f"Day {number} is on {long_date(day_date)}. Record its attendance on or after that day"
        )


def check_make_up(*, made_up_on: date, day_date: date, today: date) -> None:
    """A missed day is made up after it was missed, and not in the future."""
    if made_up_on < day_date:
        raise RuleBroken(f"The make-up date must be after the missed day ({long_date(day_date)})")
    if made_up_on > today:
        raise RuleBroken("The make-up date must be today or in the past")


def check_minutes(minutes) -> int:
    """A supervision session lasts a whole number of minutes, more than 0."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise RuleBroken("Enter the length of the session in minutes, like 60")
    if minutes <= 0:
        raise RuleBroken("The length of the session must be more than 0 minutes")
    if minutes > 600:
        raise RuleBroken("The length of the session must be 600 minutes or fewer")
    return minutes


def check_not_future(day: date, *, today: date, what: str) -> None:
    """Refuse a date after today; `what` names it, like "The date of the session"."""
    if day > today:
        raise RuleBroken(f"{what} must be today or in the past")


def supervision_due(*, last_held_on: date | None, today: date) -> bool:
    """Due when there has been no supervision in the last six weeks (or none at all)."""
    return last_held_on is None or today - last_held_on > SUPERVISION_DUE_AFTER


@dataclass(frozen=True)
class Requirement:
    """What one stage asks for (a row of the stage table)."""

    stage: int
    cycles: int
    clients: int
    supervision_hours: int
    ends_with: str = ""


@dataclass(frozen=True)
class StageProgress:
    """A trainee's work so far in the current stage against what the stage asks."""

    requirement: Requirement
    cycles: int
    clients: int
    supervision_minutes: int

    @property
    def stage(self) -> int:
        return self.requirement.stage

    @property
    def supervision_hours(self) -> float:
        """Hours of supervision to one decimal place, rounded down so 6.98 never shows as 7."""
        return (self.supervision_minutes // 6) / 10

    @property
    def cycles_met(self) -> bool:
        return self.cycles >= self.requirement.cycles

    @property
    def clients_met(self) -> bool:
        return self.clients >= self.requirement.clients

    @property
    def supervision_met(self) -> bool:
        return self.supervision_minutes >= self.requirement.supervision_hours * 60

    @property
    def requirements_met(self) -> bool:
        return self.cycles_met and self.clients_met and self.supervision_met

    def shortfalls(self) -> list[str]:
        """What is still missing, in words."""
        short = []
        if not self.cycles_met:
            short.append(f"{self.cycles} of {counted(self.requirement.cycles, 'cycle')}")
        if not self.clients_met:
            short.append(f"{self.clients} of {counted(self.requirement.clients, 'client')}")
        if not self.supervision_met:
            short.append(
                f"{_hours(self.supervision_hours)} of "
                f"{counted(self.requirement.supervision_hours, 'hour')} of supervision"
            )
        return short


def _hours(value: float) -> str:
    return f"{value:g}"


def check_sign_off(*, progress: StageProgress, reason: str) -> bool:
    """Sign-off needs the stage's requirements met, or a reason recorded; says which it was."""
    if progress.requirements_met:
        return True
    if not (reason or "").strip():
        raise RuleBroken(
            f"Stage {progress.stage} is not complete ({', '.join(progress.shortfalls())}). "
            "Enter the reason for signing it off early"
        )
    return False


def next_stage(stage: int, *, final_stage: int = 3) -> int | None:
    """The stage that follows a signed-off stage; None after the final one (accredited)."""
    if not 1 <= stage <= final_stage:
        raise RuleBroken(f"There is no stage {stage}")
    return None if stage == final_stage else stage + 1


def course_completed(*, days: int, completed_days: int) -> bool:
    """A participant completes the course by attending (or making up) every day."""
    return days > 0 and completed_days >= days

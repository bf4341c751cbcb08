"""Pure rules of the diary: times, working hours, clashes. No database here."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vig_service.core.errors import RuleBroken

# The working day an appointment is marked against (allowed outside it, but marked).
WORKING_DAY = (time(8, 0), time(18, 0))
LONGEST = timedelta(hours=12)


def check_times(*, starts_at: datetime, ends_at: datetime) -> None:
    """The end follows the start, on the same working occasion (12 hours at most)."""
    if ends_at <= starts_at:
        raise RuleBroken("The end time must be after the start time", field="ends_at")
    if ends_at - starts_at > LONGEST:
        raise RuleBroken("An appointment can be 12 hours long at most", field="ends_at")


def check_planned_ahead(*, starts_at: datetime, now: datetime) -> None:
    """A planned appointment is in the future; what already happened is recorded as held."""
    if starts_at <= now:
        raise RuleBroken(
            "The start time must be in the future. To record something that has happened, "
            "use the case's or cycle's own pages",
            field="starts_at",
        )


def check_can_hold(*, starts_at: datetime, now: datetime) -> None:
    """An appointment is held only once its time has come."""
    if starts_at > now:
        local = timezone.localtime(starts_at)
        raise RuleBroken(
            f"This appointment starts at {local:%H:%M} on {local:%-d %B %Y}, so it cannot be "
            "marked as held yet"
        )


def outside_working_hours(starts_at: datetime, ends_at: datetime) -> bool:
    """Whether an appointment falls outside Monday to Friday, 8am to 6pm (UK time)."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.weekday() >= 5 or start.date() != end.date():
        return True
    return start.time() < WORKING_DAY[0] or end.time() > WORKING_DAY[1]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """Two periods overlap when each starts before the other ends."""
    return a_start < b_end and b_start < a_end


def week_start(day: date) -> date:
    """The Monday of the week the day is in."""
    return day - timedelta(days=day.weekday())


def local_datetime(day: date, at: time) -> datetime:
    """A UK date and clock time as an aware datetime (British Summer Time included)."""
    return timezone.make_aware(datetime.combine(day, at))

"""Pure rules every app shares: values in, a refusal in plain words out; no I/O."""

from datetime import date

from vig_service.core.errors import RuleBroken


def check_not_future(day: date, *, today: date, what: str) -> None:
    """Refuse a date after today; `what` names it, like "The date filmed"."""
    if day > today:
        raise RuleBroken(f"{what} must be today or in the past")

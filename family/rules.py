"""Pure rules for family links: how long one lasts, and what a wrong date of birth says."""

from datetime import datetime, timedelta

from family.models import MAX_FAILED_CHECKS, LinkPurpose


def expires_at(*, purpose: str, now: datetime, page_days: int, feedback_days: int) -> datetime:
    """When a link made now stops working."""
    days = page_days if purpose == LinkPurpose.PAGE else feedback_days
    return now + timedelta(days=days)


def tries_left_message(failed_checks: int) -> str:
    """The message for a wrong date of birth, saying how many tries are left."""
    left = MAX_FAILED_CHECKS - failed_checks
    tries = "1 more try" if left == 1 else f"{left} more tries"
    return (
        "The date of birth does not match our records. Check it and try again: "
        f"you have {tries} before this link stops working"
    )


def first_name(full_name: str) -> str:
    """The first word of a name: the only staff name the family page shows."""
    return (full_name or "").split(" ", 1)[0]

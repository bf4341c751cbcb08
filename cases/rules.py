"""Pure rules for a case's limit and footage (DESIGN.md §5): no database, no I/O."""

import calendar
from dataclasses import dataclass
from datetime import date


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

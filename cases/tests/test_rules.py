"""The case limit and footage rules."""

from datetime import date

import pytest

from cases.rules import Limit, add_months, effective_limit, footage_deletion_due_on


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_end(day, months, expected):
    """Six months after 31 August is the end of February."""
    assert add_months(day, months) == expected


def test_limit_is_six_cycles_or_six_months_from_first_filming():
    """Before filming there is no end date; after it, six months on."""
    assert effective_limit(cycle_limit=6, month_limit=6, first_filmed_on=None) == Limit(6, None)
    limit = effective_limit(cycle_limit=6, month_limit=6, first_filmed_on=date(2026, 3, 1))
    assert limit == Limit(6, date(2026, 9, 1))
    assert not limit.reached(cycles_started=5, today=date(2026, 9, 1))
    assert limit.reached(cycles_started=6, today=date(2026, 5, 1))
    assert limit.reached(cycles_started=2, today=date(2026, 9, 2))


def test_latest_extension_replaces_the_limit():
    """A manager's extension sets the new cycle limit and end date."""
    limit = effective_limit(
        cycle_limit=6,
        month_limit=6,
        first_filmed_on=date(2026, 3, 1),
        extensions=[(7, date(2026, 10, 1)), (8, date(2026, 11, 1))],
    )
    assert limit == Limit(8, date(2026, 11, 1), extended=True)
    assert not limit.reached(cycles_started=7, today=date(2026, 10, 15))


def test_footage_is_due_for_deletion_two_months_after_closure():
    """The consent forms promise deletion within the configured months of closure."""
    assert footage_deletion_due_on(closed_on=date(2026, 9, 30), months=2) == date(2026, 11, 30)
    assert footage_deletion_due_on(closed_on=None, months=2) is None

"""The case limit and footage rules."""

from datetime import date, timedelta

import pytest

from cases.rules import (
    Limit,
    add_months,
    effective_limit,
    footage_deletion_due_on,
    footage_flag,
    is_valid_rating,
    last_start_ending_by,
    next_action,
)


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


TODAY = date(2026, 6, 1)
SIX = Limit(cycles=6, ends_on=None)
READY = {
    "has_initial_visit": True,
    "has_contract": True,
    "has_filming_consent": True,
    "question_count": 1,
}


def _action(status="active", *, cycles=(), limit=SIX, **changes):
    return next_action(
        **{
            "status": status,
            **READY,
            "cycles": list(cycles),
            "limit": limit,
            "today": TODAY,
            **changes,
        }
    )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ({"status": "allocated", "has_initial_visit": False}, "Record the initial visit"),
        ({"status": "contracting", "has_initial_visit": False}, "Record the initial visit"),
        ({"status": "contracting", "has_contract": False}, "Record the contract"),
        ({"status": "contracting", "has_filming_consent": False}, "Record filming consent"),
        ({"status": "contracting", "question_count": 0}, "Set a helping question"),
        ({"status": "contracting"}, "Start the intervention"),
        ({"question_count": 0}, "Set a helping question"),
        ({}, "Film cycle 1"),
        ({"cycles": [(1, "planned")]}, "Film cycle 1"),
        ({"cycles": [(1, "reviewed"), (2, "filmed")]}, "Choose the clips for cycle 2"),
        ({"cycles": [(1, "reviewed"), (2, "edited")]}, "Hold the shared review for cycle 2"),
        ({"cycles": [(1, "reviewed")]}, "Film cycle 2"),
        ({"cycles": [(1, "reviewed")], "has_filming_consent": False}, "Record filming consent"),
        ({"cycles": [(1, "planned")], "has_filming_consent": False}, "Record filming consent"),
        (
            {"cycles": [(1, "reviewed")], "limit": Limit(6, date(2026, 6, 20))},
            "Limit reached in 3 weeks",
        ),
        (
            {"cycles": [(1, "reviewed")], "limit": Limit(6, date(2026, 6, 29))},
            "Limit reached in 4 weeks",
        ),
        (
            {"cycles": [(1, "reviewed")], "limit": Limit(6, date(2026, 6, 4))},
            "Limit reached in 1 week",
        ),
        ({"cycles": [(1, "reviewed")], "limit": Limit(6, date(2026, 6, 30))}, "Film cycle 2"),
        ({"cycles": [(1, "reviewed")], "limit": Limit(6, date(2026, 5, 31))}, "Limit reached"),
        ({"cycles": [(n, "reviewed") for n in range(1, 7)]}, "Close the case"),
        (
            {"cycles": [(n, "reviewed") for n in range(1, 7)], "limit": Limit(8, None, True)},
            "Film cycle 7",
        ),
        (
            {"cycles": [(1, "reviewed"), (2, "edited")], "limit": Limit(6, date(2026, 5, 1))},
            "Hold the shared review for cycle 2",
        ),
        (
            {"status": "closed", "footage_due_on": date(2026, 7, 1)},
            "Footage deletion due",
        ),
        (
            {"status": "closed", "footage_due_on": date(2026, 6, 1)},
            "Footage deletion due",
        ),
        (
            {"status": "closed", "footage_due_on": date(2026, 5, 31)},
            "Footage deletion overdue",
        ),
        (
            {
                "status": "closed",
                "footage_due_on": date(2026, 5, 31),
                "footage_deleted_on": date(2026, 5, 30),
            },
            "Nothing to do",
        ),
        (
            {"status": "closed", "footage_due_on": date(2026, 5, 31), "has_footage": False},
            "Nothing to do",
        ),
    ],
)
def test_next_action_names_what_the_case_needs(state, expected):
    """From allocation to footage deletion, the case's state decides its next action."""
    assert _action(**state).label == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (0, True),
        (10, True),
        (7, True),
        (11, False),
        (-1, False),
        (7.5, False),
        ("7", False),
        (True, False),
        (None, False),
    ],
)
def test_ratings_are_whole_numbers_from_0_to_10(value, valid):
    """Only whole numbers 0–10 are ratings; 7.5, 11, -1 and text are not."""
    assert is_valid_rating(value) is valid


def test_footage_flag_is_due_until_the_promised_date_then_overdue():
    """Nothing once deleted; due up to and on the date; overdue the day after."""
    due = date(2026, 6, 1)
    assert footage_flag(footage_deleted_on=None, due_on=due, today=date(2026, 6, 1)).label == (
        "Footage deletion due"
    )
    assert footage_flag(footage_deleted_on=None, due_on=due, today=date(2026, 6, 2)).label == (
        "Footage deletion overdue"
    )
    assert footage_flag(footage_deleted_on=due, due_on=due, today=date(2026, 7, 1)) is None
    assert footage_flag(footage_deleted_on=None, due_on=None, today=date(2026, 7, 1)) is None


@pytest.mark.parametrize("months", [0, 1, 6, 11, 12, 13])
def test_last_start_ending_by_is_the_latest_first_filming_whose_limit_ends_in_time(months):
    """Every day up to it ends on or before the date, and the next day after it, later."""
    for offset in range(0, 800, 3):
        ends_by = date(2025, 1, 1) + timedelta(days=offset)
        last = last_start_ending_by(ends_by, months)
        assert add_months(last, months) <= ends_by
        assert add_months(last + timedelta(days=1), months) > ends_by

"""The pure cycle rules: ratings, clip times, review dates, the limit and what may happen next."""

from datetime import date

import pytest

from cases.rules import Limit
from cycles import rules

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (10, 10), ("7", 7), (" 3 ", 3)])
def test_whole_ratings_from_0_to_10_are_accepted(value, expected):
    """Whole numbers in range, typed or given, are the rating."""
    assert rules.parse_rating(value) == expected


@pytest.mark.parametrize("value", ["7.5", 7.5, "11", 11, "-1", -1, "ten", "", None, True, "1e1"])
def test_ratings_that_are_not_whole_numbers_from_0_to_10_are_refused(value):
    """11, −1, 7.5 and words are refused with the same plain message."""
    with pytest.raises(rules.RuleBroken) as refused:
        rules.parse_rating(value)
    assert refused.value.message == "Rating must be a whole number from 0 to 10"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("03:45", "03:45"), ("3:45", "03:45"), ("0:05", "00:05"), ("112:00", "112:00")],
)
def test_clip_times_are_minutes_and_seconds(value, expected):
    """mm:ss, with the minutes padded so clips sort in film order."""
    assert rules.parse_timestamp(value) == expected


@pytest.mark.parametrize("value", ["3.45", "03:60", "345", "", "a:bc", "03:5", "-1:00"])
def test_other_clip_times_are_refused(value):
    """Anything but minutes and seconds gets an example of the right format."""
    with pytest.raises(rules.RuleBroken) as refused:
        rules.parse_timestamp(value)
    assert refused.value.message == "Enter the time in the film as minutes and seconds, like 03:45"


def test_a_review_before_its_filming_is_refused_naming_the_filming_date():
    """The message says when the filming was, so the guider can check the date."""
    with pytest.raises(rules.RuleBroken) as refused:
        rules.check_review_date(held_on=date(2026, 3, 2), filmed_on=date(2026, 3, 3), today=TODAY)
    assert (
        refused.value.message == "The shared review cannot be before the filming on 3 March 2026"
    )


def test_a_review_on_the_day_of_filming_is_allowed():
    """The same day is not before the filming."""
    rules.check_review_date(held_on=date(2026, 3, 3), filmed_on=date(2026, 3, 3), today=TODAY)


def test_a_review_in_the_future_is_refused():
    """A review is recorded once held."""
    with pytest.raises(rules.RuleBroken) as refused:
        rules.check_review_date(held_on=date(2026, 6, 16), filmed_on=date(2026, 6, 1), today=TODAY)
    assert refused.value.message == "The date of the shared review must be today or in the past"


def test_the_limit_message_uses_the_real_numbers():
    """The service's own limit, and an extension's, are named."""
    service = Limit(cycles=5, ends_on=date(2026, 9, 1))
    assert rules.limit_message(service, month_limit=4) == (
        "This case has reached its limit of 5 cycles (or 4 months from the first filming). "
        "A manager can grant an extension."
    )
    extended = Limit(cycles=8, ends_on=date(2026, 9, 1), extended=True)
    assert rules.limit_message(extended, month_limit=6) == (
        "This case has reached its extended limit of 8 cycles (or 1 September 2026). "
        "A manager can grant a further extension."
    )


SIX_CYCLES = Limit(cycles=6, ends_on=None)


def _why(case_status="active", cycles=(), limit=SIX_CYCLES):
    return rules.why_no_new_cycle(
        case_status=case_status, cycles=list(cycles), limit=limit, month_limit=6, today=TODAY
    )


def test_a_new_cycle_needs_an_active_case():
    """Before the contract and filming consent, or after closure, no cycle starts."""
    assert _why("contracting") == (
        "Start the intervention before filming: the case needs a contract and filming consent"
    )
    assert _why("allocated") == _why("contracting")
    assert _why("closed") == "This case is closed, so it can no longer be changed."
    assert _why("active") is None


def test_a_new_cycle_waits_for_the_last_ones_shared_review():
    """Cycles follow one another: film, choose clips, review, then the next."""
    assert _why(cycles=[(1, "reviewed"), (2, "edited")]) == (
        "Hold the shared review for cycle 2 before you start cycle 3"
    )
    assert _why(cycles=[(1, "reviewed"), (2, "reviewed")]) is None


def test_the_limit_comes_before_anything_else_once_reached():
    """At six cycles, or past the end date, the limit is the reason."""
    six = [(n, "reviewed") for n in range(1, 7)]
    assert "reached its limit of 6 cycles" in _why(cycles=six)
    past = Limit(cycles=6, ends_on=date(2026, 6, 14))
    assert "reached its limit" in _why(cycles=[(1, "reviewed")], limit=past)
    assert _why(cycles=[(1, "reviewed")], limit=Limit(cycles=6, ends_on=TODAY)) is None


@pytest.mark.parametrize(
    ("cycle_status", "expected"),
    [
        ("planned", {"filming", "supervision"}),
        ("filmed", {"filming_date", "clip_add", "clip_remove", "edited", "supervision"}),
        (
            "edited",
            {"filming_date", "clip_add", "clip_remove", "review", "showing", "supervision"},
        ),
        ("reviewed", {"showing", "supervision"}),
    ],
)
def test_each_status_offers_its_own_next_steps(cycle_status, expected):
    """The cycle page offers what the status allows, and nothing on a closed case."""
    assert rules.actions_allowed(case_status="active", cycle_status=cycle_status) == expected
    assert rules.actions_allowed(case_status="closed", cycle_status=cycle_status) == set()


# Whether a filming is covered

OPENED = date(2026, 3, 1)
ADULT = rules.GivenConsent(kind="filming", given_on=OPENED)


def _covered(filmed_on, *, consents=(ADULT,), children=(), contract=OPENED):
    return rules.why_filming_not_covered(
        filmed_on=filmed_on,
        opened_on=OPENED,
        contract_agreed_on=contract,
        consents=consents,
        children_filmed=children,
    )


def test_a_filming_on_the_day_the_case_opened_contract_and_consent_is_covered():
    """The same day as the opening, the contract and the consent is on or after all three."""
    assert _covered(OPENED) is None


def test_a_filming_before_the_case_opened_is_not_covered():
    """Five days before the case opened: the date field is refused with the opening date."""
    broken = _covered(date(2026, 2, 24))
    assert broken.message == (
        "The date filmed must be on or after the case was opened on 1 March 2026"
    )
    assert broken.field == "filmed_on"


def test_a_filming_without_a_contract_is_not_covered():
    """No written contract recorded: the guider is told to record it first."""
    assert _covered(OPENED, contract=None).message == (
        "Record the date the written contract was agreed before you record filming"
    )


@pytest.mark.parametrize(
    "consent",
    [
        rules.GivenConsent(kind="filming", given_on=date(2026, 3, 10)),
        rules.GivenConsent(kind="filming", given_on=OPENED, withdrawn_on=date(2026, 3, 5)),
        rules.GivenConsent(kind="clips_shown", given_on=OPENED),
        rules.GivenConsent(kind="filming", given_on=OPENED, child=rules.FOCUS_CHILD),
    ],
    ids=["given-after", "withdrawn-before", "other-kind", "child-only"],
)
def test_a_filming_needs_an_adults_consent_in_force_that_day(consent):
    """Given later, withdrawn by then, another kind, or a child's alone: not covered."""
    broken = _covered(date(2026, 3, 5), consents=[consent])
    assert broken.message.startswith(
        "No parent or carer had given consent to be filmed on or before 5 March 2026"
    )


def test_a_child_filmed_on_their_12th_birthday_needs_their_own_consent():
    """Twelve on the filming day counts; the day before does not."""
    child = rules.Child(key=rules.FOCUS_CHILD, name="Tia", date_of_birth=date(2014, 3, 5))
    assert _covered(date(2026, 3, 4), children=[child]) is None
    broken = _covered(date(2026, 3, 5), children=[child])
    assert broken.message == (
        "Tia (12) was 12 or over on 5 March 2026 and has not given their own consent to be "
        "filmed. Record their consent on the Consents tab first"
    )
    assert broken.field == "children_filmed"
    own = rules.GivenConsent(kind="filming", given_on=OPENED, child=rules.FOCUS_CHILD)
    assert _covered(date(2026, 3, 5), children=[child], consents=[ADULT, own]) is None


def test_every_missing_childs_consent_is_named():
    """Two older children without consent are both named; another's consent is not theirs."""
    noah = rules.Child(key="7", name="Noah", date_of_birth=date(2012, 1, 1))
    ella = rules.Child(key="8", name="Ella", date_of_birth=date(2013, 1, 1))
    amy = rules.Child(key=rules.FOCUS_CHILD, name="Amy", date_of_birth=date(2020, 1, 1))
    unnamed = rules.GivenConsent(kind="filming", given_on=OPENED, child="unnamed")
    broken = _covered(date(2026, 3, 5), children=[noah, ella, amy], consents=[ADULT, unnamed])
    assert broken.message.startswith(
        "Noah (14) and Ella (13) were 12 or over on 5 March 2026 and have not given"
    )

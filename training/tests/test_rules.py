"""The pure training rules: places, day order, attendance dates, minutes and the stage table."""

from datetime import date, timedelta

import pytest

from training import rules
from training.configuration import DEFAULT_STAGES

TODAY = date(2026, 11, 21)
TABLE = {row["stage"]: rules.Requirement(**row) for row in DEFAULT_STAGES}


@pytest.mark.parametrize(
    ("enrolled", "capacity", "expected"),
    [(0, 12, "enrolled"), (11, 12, "enrolled"), (12, 12, "waiting"), (13, 12, "waiting")],
)
def test_a_place_while_there_is_one_then_the_waiting_list(enrolled, capacity, expected):
    """The 12th person on a course of 12 gets a place; the 13th waits."""
    assert rules.place_for(enrolled=enrolled, capacity=capacity) == expected


def test_course_days_in_order_are_accepted():
    """Day 2 the day after day 1 is fine."""
    rules.check_day_dates([TODAY, TODAY + timedelta(days=1)])


@pytest.mark.parametrize("gap", [0, -1])
def test_a_course_day_on_or_before_the_previous_day_is_refused(gap):
    """Day 2 dated before (or on) day 1 is refused, naming both days."""
    with pytest.raises(rules.RuleBroken, match="Day 2 must be after day 1"):
        rules.check_day_dates([TODAY, TODAY + timedelta(days=gap)])


def test_capacity_below_the_people_enrolled_is_refused():
    """Ten enrolled: 9 places would leave someone without one."""
    with pytest.raises(rules.RuleBroken, match="fewer than the 10 people"):
        rules.check_capacity(capacity=9, enrolled=10)


def test_attendance_before_the_course_starts_is_refused():
    """A course starting tomorrow has no register yet."""
    with pytest.raises(rules.RuleBroken, match="before the course starts on 22 November 2026"):
        rules.check_attendance_day(
            day_date=TODAY + timedelta(days=1),
            first_day=TODAY + timedelta(days=1),
            today=TODAY,
            number=1,
        )


def test_attendance_for_a_later_day_waits_for_that_day():
    """Day 1 was today; day 2 is tomorrow and cannot be recorded yet."""
    rules.check_attendance_day(day_date=TODAY, first_day=TODAY, today=TODAY, number=1)
    with pytest.raises(rules.RuleBroken, match="Day 2 is on 22 November 2026"):
        rules.check_attendance_day(
            day_date=TODAY + timedelta(days=1), first_day=TODAY, today=TODAY, number=2
        )


@pytest.mark.parametrize(
    ("made_up_on", "message"),
    [(TODAY - timedelta(days=5), "after the missed day"), (TODAY + timedelta(1), "in the past")],
)
def test_make_up_dates_must_follow_the_missed_day_and_not_be_future(made_up_on, message):
    """A make-up is after the day missed and not in the future."""
    with pytest.raises(rules.RuleBroken, match=message):
        rules.check_make_up(made_up_on=made_up_on, day_date=TODAY - timedelta(2), today=TODAY)


@pytest.mark.parametrize(("minutes", "message"), [(0, "more than 0"), (-30, "more than 0")])
def test_supervision_of_zero_or_negative_minutes_is_refused(minutes, message):
    """A session must have some length."""
    with pytest.raises(rules.RuleBroken, match=message):
        rules.check_minutes(minutes)


def test_supervision_minutes_are_kept_as_given():
    """An hour is 60 minutes."""
    assert rules.check_minutes(60) == 60


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (None, True),
        (TODAY - timedelta(weeks=6), False),
        (TODAY - timedelta(weeks=6, days=1), True),
    ],
)
def test_supervision_is_due_after_six_weeks_without_one(last, due):
    """None in the last six weeks (or never) is due."""
    assert rules.supervision_due(last_held_on=last, today=TODAY) is due


# Each stage of the default table, just short of and exactly at each requirement.
STAGE_CASES = [
    # stage, cycles, clients, minutes, met, missing
    (1, 6, 2, 7 * 60, True, []),
    (1, 5, 2, 7 * 60, False, ["5 of 6 cycles"]),
    (1, 6, 1, 7 * 60, False, ["1 of 2 clients"]),
    (1, 6, 2, 7 * 60 - 1, False, ["6.9 of 7 hours of supervision"]),
    (2, 9, 3, 8 * 60, True, []),
    (2, 8, 3, 8 * 60, False, ["8 of 9 cycles"]),
    (2, 9, 2, 8 * 60, False, ["2 of 3 clients"]),
    (2, 9, 3, 7 * 60, False, ["7 of 8 hours of supervision"]),
    (3, 12, 3, 8 * 60, True, []),
    (3, 11, 3, 8 * 60, False, ["11 of 12 cycles"]),
    (3, 12, 2, 8 * 60, False, ["2 of 3 clients"]),
    (3, 0, 0, 0, False, ["0 of 12 cycles", "0 of 3 clients", "0 of 8 hours of supervision"]),
]


@pytest.mark.parametrize(("stage", "cycles", "clients", "minutes", "met", "missing"), STAGE_CASES)
def test_each_stage_rule(stage, cycles, clients, minutes, met, missing):
    """Each stage needs its cycles, clients and supervision hours from the stage table."""
    progress = rules.StageProgress(
        requirement=TABLE[stage], cycles=cycles, clients=clients, supervision_minutes=minutes
    )
    assert progress.requirements_met is met
    assert progress.shortfalls() == missing


@pytest.mark.parametrize("stage", [1, 2, 3])
def test_a_stage_signed_off_early_needs_a_reason(stage):
    """Short of the requirements, sign-off is refused without a reason and allowed with one."""
    progress = rules.StageProgress(
        requirement=TABLE[stage], cycles=1, clients=1, supervision_minutes=60
    )
    with pytest.raises(rules.RuleBroken, match=f"Stage {stage} is not complete"):
        rules.check_sign_off(progress=progress, reason="  ")
    assert (
        rules.check_sign_off(progress=progress, reason="Long illness; agreed by AVIGuk") is False
    )


def test_a_stage_with_its_requirements_met_needs_no_reason():
    """Met requirements sign off as met."""
    progress = rules.StageProgress(
        requirement=TABLE[1], cycles=6, clients=2, supervision_minutes=420
    )
    assert rules.check_sign_off(progress=progress, reason="") is True


@pytest.mark.parametrize(("stage", "following"), [(1, 2), (2, 3), (3, None)])
def test_stages_follow_in_order_and_stage_3_ends_in_accreditation(stage, following):
    """After stage 3 there is no next stage: the trainee is accredited."""
    assert rules.next_stage(stage) == following


@pytest.mark.parametrize(
    ("days", "completed", "done"), [(2, 2, True), (2, 1, False), (0, 0, False)]
)
def test_a_participant_who_misses_a_day_has_not_completed_the_course(days, completed, done):
    """Every day attended or made up completes the course."""
    assert rules.course_completed(days=days, completed_days=completed) is done

"""Each report's figures against small hand-built data."""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import ClosureReason
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseExtensionFactory,
    ClosedCaseFactory,
    GuiderCapacityFactory,
)
from referrals.choices import RouteIn
from referrals.models import Referral
from training.models import Course, Enrolment, Trainee
from training.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    EnrolmentFactory,
    TraineeFactory,
)
from vig_service.accounts.models import Profession
from vig_service.accounts.tests.factories import GuiderFactory, ReferrerFactory
from vig_service.reports import layout
from vig_service.reports.forms import DateRange
from vig_service.reports.tests.factories import (
    allocated_case,
    at,
    closed_case_with_ratings,
    decided,
    filmed_cycles,
    referral,
)

Q1_2025 = DateRange(start=date(2025, 1, 1), end=date(2025, 3, 31))


def _table(report, slug):
    return next(table for table in report.tables if table.slug == slug)


def _values(table) -> dict[str, list]:
    return {label: [figure.value for figure in figures] for label, figures in table.rows}


def _summary(report) -> dict:
    return {label: figure.value for label, figure in report.summary}


def test_referrals_are_counted_by_month_and_tier_route_and_profession(db):
    """Received in range only, each in its submission month; drafts and outsiders left out."""
    psychologist = ReferrerFactory(profession=Profession.PSYCHOLOGIST)
    referral(submitted=date(2025, 1, 5), priority_tier=1, route_in=RouteIn.CMD)
    referral(submitted=date(2025, 1, 31), priority_tier=3, route_in=RouteIn.DIRECT)
    referral(
        submitted=date(2025, 3, 2), priority_tier=None, route_in=RouteIn.CMD, referrer=psychologist
    )
    referral(submitted=date(2024, 12, 31), priority_tier=1)  # before the range
    referral(submitted=date(2025, 4, 1), priority_tier=1)  # after it

    report = layout.referrals_report(Q1_2025)

    by_tier = _values(_table(report, "by-tier"))
    assert by_tier["Jan 2025"] == [1, 0, 1, 0, 0, 2]
    assert by_tier["Feb 2025"] == [0, 0, 0, 0, 0, 0]
    assert by_tier["Mar 2025"] == [0, 0, 0, 0, 1, 1]
    assert by_tier["Total"] == [1, 0, 1, 0, 1, 3]
    by_route = _table(report, "by-route")
    cmd = by_route.columns.index("Case management decision (CMD)")
    assert _values(by_route)["Total"][cmd] == 2
    by_profession = _table(report, "by-profession")
    assert by_profession.columns == ["Health visitor", "Psychologist", "Total"]
    assert _values(by_profession)["Mar 2025"] == [0, 1, 1]
    assert _values(_table(report, "by-month")) == {
        "Jan 2025": [2],
        "Feb 2025": [0],
        "Mar 2025": [1],
    }


def test_acceptance_and_decline_rates_are_of_the_referrals_decided(db):
    """3 accepted, 1 declined, 1 waiting: 75% accepted, 25% declined; reasons counted."""
    for _ in range(3):
        decided(submitted=date(2025, 2, 1), days=3)
    decided(submitted=date(2025, 2, 1), days=3, accepted=False, decline_reason="Out of area")
    referral(submitted=date(2025, 2, 2))

    report = layout.referrals_report(Q1_2025)

    summary = _summary(report)
    assert summary["Referrals received"] == 5
    assert summary["Accepted"] == 3
    assert summary["Declined"] == 1
    assert summary["Waiting for a decision"] == 1
    assert summary["Acceptance rate (of those decided)"] == 75.0
    assert summary["Decline rate (of those decided)"] == 25.0
    assert _values(_table(report, "decline-reasons")) == {"Out of area": [1, 100.0]}


def test_waiting_times_give_the_median_and_90th_percentile_in_days(db):
    """Decisions after 2, 4 and 10 days: median 4, 90th percentile 8.8 (interpolated)."""
    for days in (2, 4, 10):
        decided(submitted=date(2025, 2, 1), days=days)

    table = _table(layout.waiting_times_report(Q1_2025), "submitted-to-decision")

    rows = _values(table)
    assert rows["Feb 2025"] == [3, 4.0, 8.8]
    assert rows["Jan 2025"] == [0, None, None]
    assert rows["Whole range"] == [3, 4.0, 8.8]


def test_waiting_times_from_acceptance_to_allocation_and_to_the_first_filming(db):
    """Allocation 10 and 20 days after acceptance; first filming 14 and 30 days after that."""
    first = allocated_case(accepted_at=at(date(2025, 1, 20)), days=10)
    second = allocated_case(accepted_at=at(date(2025, 1, 25)), days=20)
    filmed_cycles(first, [first.opened_on + timedelta(days=14), date(2025, 4, 20)])
    filmed_cycles(second, [second.opened_on + timedelta(days=30)])

    report = layout.waiting_times_report(Q1_2025)

    assert _values(_table(report, "accepted-to-allocated"))["Whole range"] == [2, 15.0, 19.0]
    assert _values(_table(report, "allocated-to-filming"))["Whole range"] == [2, 22.0, 28.4]


def test_todays_waiting_list_by_tier_and_time_waiting(db):
    """Accepted referrals waiting 10 and 40 days (tier 1) and 200 days (tier 2)."""
    now = timezone.now()
    for days, tier in ((10, 1), (40, 1), (200, 2)):
        referral(
            submitted=date(2024, 1, 1),
            status=Referral.Status.ACCEPTED,
            accepted_at=now - timedelta(days=days),
            decided_at=now - timedelta(days=days),
            priority_tier=tier,
        )

    report = layout.waiting_times_report(Q1_2025, now=now)

    by_tier = _values(_table(report, "waiting-list"))
    assert by_tier["Tier 1"][0] == 2
    assert by_tier["Tier 1"][1] == 25.0
    assert by_tier["Tier 2"][0] == 1
    assert by_tier["Tier 3"][0] == 0
    assert _values(_table(report, "waiting-bands")) == {
        "Under 4 weeks": [1],
        "4 to 12 weeks": [1],
        "12 to 26 weeks": [0],
        "26 weeks or more": [1],
    }
    assert _summary(report)["Families waiting for a guider today"] == 3


def test_caseload_per_guider_counts_open_cases_capacity_recent_cycles_and_near_limits(db):
    """3 open of 4 (75%), one cycle in the last 30 days, one case ending within 4 weeks."""
    today = timezone.localdate()
    guider = GuiderFactory(full_name="Alys Guider")
    GuiderCapacityFactory(guider=guider, capacity=4)
    near = ActiveCaseFactory(guider=guider)
    # Six months from a first filming nearly six months ago: the limit is 10 days away.
    filmed_cycles(near, [today - timedelta(days=172), today - timedelta(days=5)])
    extended = ActiveCaseFactory(guider=guider)
    filmed_cycles(extended, [today - timedelta(days=175)])
    CaseExtensionFactory(case=extended, ends_on=today + timedelta(days=60))
    ActiveCaseFactory(guider=guider)
    ClosedCaseFactory(guider=guider)
    GuiderFactory(full_name="Bryn Guider")

    report = layout.caseload_report(
        DateRange(start=today - timedelta(days=365), end=today), today=today
    )

    rows = _values(_table(report, "guiders"))
    assert rows["Alys Guider"] == [3, 4, 75.0, 1, 1, 4, 1]
    assert rows["Bryn Guider"] == [0, 8, 0.0, 0, 0, 0, 0]
    assert _summary(report)["Open cases"] == 3


def test_outcomes_cycles_per_case_closure_reasons_and_rating_change(db):
    """Changes +4 and −1: mean 1.5; one of two rated cases improved by 2 or more points."""
    closed_case_with_ratings(
        closed_on=date(2025, 3, 1),
        reason=ClosureReason.COMPLETED,
        baseline=3,
        reviews=[4, 5, 6],
        closure=7,
    )
    closed_case_with_ratings(
        closed_on=date(2025, 2, 1),
        reason=ClosureReason.DISENGAGED,
        baseline=5,
        reviews=[4],
        closure=None,
    )
    ClosedCaseFactory(closed_on=date(2025, 1, 10), closure_reason=ClosureReason.MOVED_AWAY)
    closed_case_with_ratings(  # closed after the range
        closed_on=date(2025, 4, 2),
        reason=ClosureReason.COMPLETED,
        baseline=1,
        reviews=[9],
        closure=10,
    )

    report = layout.outcomes_report(Q1_2025)

    summary = _summary(report)
    assert summary["Cases closed"] == 3
    assert summary["Mean cycles per closed case"] == round(4 / 3, 1)
    assert summary["Median cycles per closed case"] == 1.0
    assert summary["Mean change in helping-question rating (points out of 10)"] == 1.5
    assert summary["Cases improved by 2 points or more"] == 1
    assert summary["Share of rated cases improved by 2 points or more"] == 50.0
    assert _values(_table(report, "cycles-per-case")) == {"0": [1], "1": [1], "2": [0], "3": [1]}
    reasons = _values(_table(report, "closure-reasons"))
    assert reasons["Completed"] == [1, round(100 / 3, 1)]
    assert reasons["Moved away"] == [1, round(100 / 3, 1)]
    assert reasons["Other"] == [0, 0.0]
    changes = _values(_table(report, "rating-change"))
    assert changes["-1"] == [1]
    assert changes["+4"] == [1]
    assert changes["0"] == [0]


def test_training_courses_fill_and_completion_trainees_by_stage_and_time_to_accreditation(db):
    """4 places, 3 with a place (75%), 2 of 3 completed; accredited after 100 and 200 days."""
    course = CourseFactory(
        capacity=4, status=Course.Status.DELIVERED, days=[date(2025, 2, 3), date(2025, 2, 4)]
    )
    CourseFactory(days=[date(2026, 1, 5)])  # starts after the range
    day_1, day_2 = course.days.order_by("number")
    full, made_up, missed = (EnrolmentFactory(course=course) for _ in range(3))
    EnrolmentFactory(course=course, status=Enrolment.Status.WAITING)
    for enrolment in (full, made_up, missed):
        AttendanceFactory(enrolment=enrolment, day=day_1)
    AttendanceFactory(enrolment=full, day=day_2)
    AttendanceFactory(enrolment=made_up, day=day_2, attended=False, made_up_on=date(2025, 3, 1))
    AttendanceFactory(enrolment=missed, day=day_2, attended=False)
    TraineeFactory.create_batch(2, stage=1)
    TraineeFactory(stage=3)
    for days in (100, 200):
        TraineeFactory(
            course=course,
            stage=3,
            status=Trainee.Status.ACCREDITED,
            accredited_on=date(2025, 2, 3) + timedelta(days=days),
        )

    report = layout.training_report(DateRange(start=date(2025, 1, 1), end=date(2025, 12, 31)))

    courses = _values(_table(report, "courses"))
    assert courses == {
        "3 Feb 2025, Initial Training Course (two days)": [4, 3, 75.0, 1, 2, round(200 / 3, 1)]
    }
    stages = _values(_table(report, "trainees-by-stage"))
    assert stages == {"Stage 1": [2], "Stage 2": [0], "Stage 3": [1], "Accredited": [2]}
    summary = _summary(report)
    assert summary["Fill rate"] == 75.0
    assert summary["Accredited in these dates"] == 2
    assert summary["Median days from the initial course to accreditation"] == 150.0

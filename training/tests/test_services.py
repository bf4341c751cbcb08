"""Training services: places and the waiting list, attendance, trainees and stage sign-off."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from cases.errors import CaseError
from cycles import rules as cycle_rules
from cycles.errors import CycleError, StaleCycle
from cycles.tests.factories import (
    ActiveCaseFactory,
    EditedCycleFactory,
    ReviewedCycleFactory,
    SharedReviewFactory,
)
from referrals.errors import ReferralError
from training import rules, selectors, services
from training.configuration import TrainingSettings
from training.errors import TrainingError
from training.models import (
    Attendance,
    Course,
    Enrolment,
    StageSignOff,
    SupervisionSession,
    Trainee,
    TrainingEvent,
)
from training.tests.factories import (
    CoordinatorFactory,
    CourseFactory,
    EnrolmentFactory,
    GuiderTraineeFactory,
    OpenCourseFactory,
    RunningCourseFactory,
    SupervisionSessionFactory,
    TraineeFactory,
)
from vig_service.accounts.tests.factories import SupervisorFactory
from vig_service.core.errors import DomainError, RuleBroken
from vig_service.core.services import StaleEditError
from vig_service.core.transitions import transition

TODAY = timezone.localdate
COURSE_STATUS = TrainingEvent.Action.COURSE_STATUS


def _enrol(course, n, by):
    return services.enrolment_add(
        course_id=course.pk,
        by=by,
        full_name=f"Person {n}",
        email=f"person{n}@example.org",
        profession="Social worker",
        organisation="Cornwall Council",
    )


# --- Courses --------------------------------------------------------------------------------


def test_a_new_course_gets_the_configured_number_of_places(db):
    """Places default to the configuration, 12 unless the service changed it."""
    settings = TrainingSettings.load()
    settings.course_capacity = 10
    settings.save()
    course = services.course_create(
        by=CoordinatorFactory(),
        kind=Course.Kind.INITIAL,
        venue="Truro",
        day_dates=[TODAY() + timedelta(days=10), TODAY() + timedelta(days=11)],
    )
    assert course.capacity == 10
    assert list(course.days.values_list("number", flat=True)) == [1, 2]
    assert course.events.get().action == TrainingEvent.Action.COURSE_CREATED


def test_a_course_day_before_the_previous_one_is_refused_and_nothing_is_saved(db):
    """Day 2 before day 1: no course is created."""
    with pytest.raises(services.TrainingError, match="Day 2 must be after day 1"):
        services.course_create(
            by=CoordinatorFactory(),
            kind=Course.Kind.INITIAL,
            venue="Truro",
            day_dates=[TODAY() + timedelta(days=10), TODAY() + timedelta(days=9)],
        )
    assert not Course.objects.exists()


@pytest.mark.parametrize("start", list(Course.Status))
@pytest.mark.parametrize("end", list(Course.Status))
def test_every_course_transition_follows_the_table(db, start, end):
    """From every status to every other, a move happens only where the table allows it."""
    course = CourseFactory(status=start, days=[TODAY() - timedelta(days=2)])
    allowed = end in Course.TRANSITIONS[start]
    if allowed:
        transition(course, to=end, by=CoordinatorFactory(), action=COURSE_STATUS)
        course.refresh_from_db()
        assert course.status == end
    else:
        with pytest.raises(services.TrainingError):
            transition(course, to=end, by=CoordinatorFactory(), action=COURSE_STATUS)
        course.refresh_from_db()
        assert course.status == start


def test_the_database_refuses_an_unknown_course_status(db):
    """The check constraint backs the choices."""
    course = CourseFactory()
    with pytest.raises(IntegrityError):
        Course.objects.filter(pk=course.pk).update(status="cancelled")


def test_enrolment_needs_the_course_open(db):
    """A planned course takes nobody until it is opened."""
    course = CourseFactory()
    with pytest.raises(services.TrainingError, match="Open the course for enrolment"):
        _enrol(course, 1, CoordinatorFactory())


def test_a_delivered_course_cannot_be_marked_before_its_last_day(db):
    """A course still to come has not been delivered."""
    course = OpenCourseFactory()
    with pytest.raises(services.TrainingError, match="before its last day"):
        services.course_mark_delivered(course_id=course.pk, by=CoordinatorFactory())


# --- Places and the waiting list ------------------------------------------------------------


def test_the_13th_enrolment_on_a_course_of_12_goes_to_the_waiting_list(db):
    """Twelve get places and the course is full; the 13th is number 1 on the waiting list."""
    course = OpenCourseFactory(capacity=12)
    by = CoordinatorFactory()
    made = [_enrol(course, n, by) for n in range(13)]
    assert [e.status for e in made[:12]] == ["enrolled"] * 12
    assert (made[12].status, made[12].waiting_position) == ("waiting", 1)
    assert Course.objects.with_places().get(pk=course.pk).is_full


def test_the_same_person_enrolled_twice_is_refused_whatever_the_case(db):
    """The same address (in any case) cannot be enrolled twice, even onto the waiting list."""
    course = OpenCourseFactory(capacity=1)
    by = CoordinatorFactory()
    _enrol(course, 1, by)
    with pytest.raises(services.TrainingError, match="already enrolled on this course"):
        services.enrolment_add(
            course_id=course.pk,
            by=by,
            full_name="Person One Again",
            email="PERSON1@example.org",
            profession="x",
            organisation="y",
        )
    assert course.enrolments.count() == 1


def test_the_database_refuses_a_second_current_enrolment_for_the_same_address(db):
    """The unique constraint holds even if a service were bypassed; withdrawn ones do not count."""
    first = EnrolmentFactory(email="sam@example.org", status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(course=first.course, email="sam@example.org")
    with pytest.raises(IntegrityError):
        EnrolmentFactory(course=first.course, email="SAM@example.org")


def test_a_freed_place_goes_to_the_first_on_the_waiting_list(db):
    """Withdrawing someone moves the first waiting person up; the rest move up one."""
    course = OpenCourseFactory(capacity=2)
    by = CoordinatorFactory()
    first, _, third, fourth = (_enrol(course, n, by) for n in range(4))
    withdrawn, promoted = services.enrolment_withdraw(enrolment_id=first.pk, by=by)
    assert withdrawn.status == "withdrawn"
    assert [p.pk for p in promoted] == [third.pk]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, third.waiting_position, third.promoted_at is not None) == (
        "enrolled",
        None,
        True,
    )
    assert fourth.waiting_position == 1
    assert course.events.filter(action="promoted", enrolment=third).exists()
    assert Course.objects.with_places().get(pk=course.pk).is_full


def test_a_freed_place_with_nobody_waiting_opens_the_course_again(db):
    """Full becomes open when someone withdraws and nobody waits."""
    course = OpenCourseFactory(capacity=1)
    by = CoordinatorFactory()
    only = _enrol(course, 1, by)
    assert Course.objects.with_places().get(pk=course.pk).is_full
    services.enrolment_withdraw(enrolment_id=only.pk, by=by)
    course = Course.objects.with_places().get(pk=course.pk)
    assert (course.status, course.is_full, course.status_shown) == (
        "open",
        False,
        "Open for enrolment",
    )


def test_withdrawing_from_the_waiting_list_closes_the_gap(db):
    """Positions stay 1, 2, … in order."""
    course = OpenCourseFactory(capacity=1)
    by = CoordinatorFactory()
    _, second, third = (_enrol(course, n, by) for n in range(3))
    services.enrolment_withdraw(enrolment_id=second.pk, by=by)
    third.refresh_from_db()
    assert (third.status, third.waiting_position) == ("waiting", 1)


def test_more_places_promote_people_waiting(db):
    """Raising a course from 1 to 2 places gives the first person waiting a place."""
    course = OpenCourseFactory(capacity=1)
    by = CoordinatorFactory()
    _, waiting = (_enrol(course, n, by) for n in range(2))
    dates = list(course.days.values_list("date", flat=True))
    _, promoted = services.course_update(
        course_id=course.pk, by=by, kind=course.kind, venue="Truro", day_dates=dates, capacity=2
    )
    assert [p.pk for p in promoted] == [waiting.pk]


def test_fewer_places_than_people_enrolled_is_refused(db):
    """Two enrolled: 1 place is refused."""
    course = OpenCourseFactory(capacity=2)
    by = CoordinatorFactory()
    _enrol(course, 1, by)
    _enrol(course, 2, by)
    dates = list(course.days.values_list("date", flat=True))
    with pytest.raises(services.TrainingError, match="fewer than the 2 people"):
        services.course_update(
            course_id=course.pk, by=by, kind=course.kind, venue="x", day_dates=dates, capacity=1
        )


def test_simultaneous_enrolments_never_overfill_a_course(transactional_db):
    """Fourteen people enrolled at the same instant on a course of 12: 12 places, 2 waiting."""
    course = OpenCourseFactory(capacity=12)
    by = CoordinatorFactory()
    barrier = threading.Barrier(14)
    errors = []

    def enrol(n):
        try:
            barrier.wait()
            _enrol(course, n, by)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(n,)) for n in range(14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert course.enrolments.enrolled().count() == 12
    positions = [enrolment.waiting_position for enrolment in course.enrolments.waiting()]
    assert positions == [1, 2]
    assert Course.objects.with_places().get(pk=course.pk).is_full


def test_the_last_place_taken_by_two_at_once_goes_to_one(transactional_db):
    """Eleven of 12 taken; two enrol at the same instant: one gets the place, one waits."""
    course = OpenCourseFactory(capacity=12)
    by = CoordinatorFactory()
    for n in range(11):
        _enrol(course, n, by)
    barrier = threading.Barrier(2)
    errors = []

    def enrol(n):
        try:
            barrier.wait()
            _enrol(course, n, by)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(n,)) for n in (100, 101)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert course.enrolments.enrolled().count() == 12
    assert course.enrolments.waiting().count() == 1


def test_the_same_person_enrolled_twice_at_once_is_enrolled_once(transactional_db):
    """A double click reaching two server processes makes one enrolment and one refusal."""
    course = OpenCourseFactory()
    by = CoordinatorFactory()
    barrier = threading.Barrier(2)
    refusals = []

    def enrol():
        try:
            barrier.wait()
            _enrol(course, 7, by)
        except services.TrainingError as refused:
            refusals.append(refused.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert course.enrolments.count() == 1
    assert len(refusals) == 1


# --- Attendance -----------------------------------------------------------------------------


def test_attendance_before_the_course_starts_is_refused(db):
    """A course a month away has no register yet."""
    course = OpenCourseFactory()
    EnrolmentFactory(course=course)
    with pytest.raises(services.TrainingError, match="before the course starts"):
        services.attendance_record(
            day_id=course.days.get(number=1).pk, by=CoordinatorFactory(), attended_ids=[]
        )
    assert not Attendance.objects.exists()


def test_attendance_marks_everyone_enrolled_present_or_absent(db):
    """Those ticked attended; the rest missed the day and have not completed the course."""
    course = RunningCourseFactory()
    here, away = EnrolmentFactory.create_batch(2, course=course)
    EnrolmentFactory(course=course, status="waiting")
    by = CoordinatorFactory()
    for day in course.days.all():
        services.attendance_record(day_id=day.pk, by=by, attended_ids=[here.pk])
    page = selectors.course_page(course=course)
    assert {row.enrolment.pk: row.completed for row in page.register} == {
        here.pk: True,
        away.pk: False,
    }


def test_a_missed_day_made_up_completes_the_course(db):
    """Making up the missed day completes the course."""
    course = RunningCourseFactory()
    enrolment = EnrolmentFactory(course=course)
    by = CoordinatorFactory()
    day1, day2 = course.days.order_by("number")
    services.attendance_record(day_id=day1.pk, by=by, attended_ids=[])
    services.attendance_record(day_id=day2.pk, by=by, attended_ids=[enrolment.pk])
    services.attendance_make_up(
        enrolment_id=enrolment.pk, day_id=day1.pk, by=by, made_up_on=TODAY()
    )
    (row,) = selectors.course_page(course=course).register
    assert row.completed


# --- Trainees -------------------------------------------------------------------------------


def _progress(trainee):
    return selectors.trainee_for_page(user=trainee.supervisor, pk=trainee.pk).progress


def test_a_guider_trainee_counts_cycles_whose_shared_review_is_held_since_the_stage_began(db):
    """Reviewed cycles on their own cases in the stage count; unreviewed, older or others' not."""
    trainee = GuiderTraineeFactory(stage_started_on=TODAY() - timedelta(days=30))
    own, other_own = (ActiveCaseFactory(guider=trainee.user) for _ in range(2))
    ReviewedCycleFactory(case=own)
    ReviewedCycleFactory(case=own)
    ReviewedCycleFactory(case=other_own)
    # Not counted: a cycle not yet reviewed, a review before the stage, someone else's case.
    EditedCycleFactory(case=own)
    SharedReviewFactory(
        cycle=EditedCycleFactory(case=other_own, status="reviewed"),
        held_on=TODAY() - timedelta(days=40),
    )
    ReviewedCycleFactory()
    progress = _progress(trainee)
    assert (progress.cycles, progress.clients) == (3, 2)


def test_an_external_trainee_has_the_counts_their_supervisor_entered(db):
    """No cases here: the supervisor's numbers are used."""
    trainee = TraineeFactory()
    services.trainee_enter_counts(
        trainee_id=trainee.pk, by=trainee.supervisor, cycles=4, clients=2
    )
    assert (_progress(trainee).cycles, _progress(trainee).clients) == (4, 2)


def test_supervision_hours_count_sessions_in_the_current_stage(db):
    """Sessions before the stage began do not count."""
    trainee = TraineeFactory(stage_started_on=TODAY() - timedelta(days=30))
    SupervisionSessionFactory(trainee=trainee, minutes=90)
    SupervisionSessionFactory(trainee=trainee, minutes=60, held_on=TODAY() - timedelta(days=31))
    assert _progress(trainee).supervision_minutes == 90


@pytest.mark.parametrize("minutes", [0, -15])
def test_a_supervision_session_of_zero_or_negative_minutes_is_refused(db, minutes):
    """Nothing is saved."""
    trainee = TraineeFactory()
    with pytest.raises(services.TrainingError, match="more than 0 minutes"):
        services.supervision_session_record(
            trainee_id=trainee.pk,
            by=trainee.supervisor,
            supervisor=trainee.supervisor,
            held_on=TODAY(),
            minutes=minutes,
        )
    assert not SupervisionSession.objects.exists()


def test_the_database_refuses_a_session_of_no_minutes(db):
    """The check constraint backs the rule."""
    with pytest.raises(IntegrityError):
        SupervisionSessionFactory(minutes=0)


def test_a_session_can_only_name_the_trainees_own_case(db):
    """Someone else's case is refused."""
    trainee = GuiderTraineeFactory()
    with pytest.raises(services.TrainingError, match="own cases"):
        services.supervision_session_record(
            trainee_id=trainee.pk,
            by=trainee.supervisor,
            supervisor=trainee.supervisor,
            held_on=TODAY(),
            minutes=60,
            case=ActiveCaseFactory(),
        )


def test_a_stage_signed_off_early_without_a_reason_is_refused(db):
    """Stage 1 with nothing done needs a reason; the trainee stays at stage 1."""
    trainee = TraineeFactory()
    with pytest.raises(services.TrainingError, match="Enter the reason for signing it off early"):
        services.stage_sign_off(trainee_id=trainee.pk, by=trainee.supervisor)
    trainee.refresh_from_db()
    assert trainee.stage == 1
    assert not StageSignOff.objects.exists()


def test_a_stage_signed_off_early_with_a_reason_moves_the_trainee_on(db):
    """The reason is recorded and stage 2 starts today."""
    trainee = TraineeFactory()
    sign_off = services.stage_sign_off(
        trainee_id=trainee.pk, by=trainee.supervisor, reason="Practice elsewhere agreed"
    )
    assert (sign_off.requirements_met, sign_off.reason) == (False, "Practice elsewhere agreed")
    trainee.refresh_from_db()
    assert (trainee.stage, trainee.stage_started_on) == (2, TODAY())


def test_a_stage_with_its_requirements_met_signs_off_without_a_reason(db):
    """Six cycles, two clients and seven hours: stage 1 signs off as met."""
    trainee = TraineeFactory(external_cycles=6, external_clients=2)
    for _ in range(7):
        SupervisionSessionFactory(trainee=trainee, minutes=60)
    sign_off = services.stage_sign_off(trainee_id=trainee.pk, by=trainee.supervisor)
    assert sign_off.requirements_met
    assert sign_off.signed_off_by == trainee.supervisor
    trainee.refresh_from_db()
    assert (trainee.stage, trainee.external_cycles) == (2, 0)


def test_after_stage_3_the_trainee_is_accredited(db):
    """Signing off stage 3 accredits the trainee today."""
    trainee = TraineeFactory(stage=3)
    services.stage_sign_off(trainee_id=trainee.pk, by=trainee.supervisor, reason="Panel agreed")
    trainee.refresh_from_db()
    assert (trainee.status, trainee.accredited_on, trainee.stage) == ("accredited", TODAY(), 3)
    assert trainee.events.filter(action="accredited").exists()


def test_only_a_supervisor_signs_off_a_stage(db):
    """A coordinator cannot."""
    trainee = TraineeFactory()
    with pytest.raises(services.TrainingError, match="Only a supervisor"):
        services.stage_sign_off(trainee_id=trainee.pk, by=CoordinatorFactory(), reason="x")


def test_a_trainee_needs_a_supervisor_who_is_one(db):
    """A coordinator is not a supervisor."""
    with pytest.raises(services.TrainingError, match="is not a supervisor"):
        services.trainee_add(
            by=CoordinatorFactory(),
            full_name="Tess",
            email="tess@example.org",
            supervisor=CoordinatorFactory(),
            stage_started_on=TODAY(),
        )
    assert not Trainee.objects.exists()


def test_training_settings_change_the_stage_table(db):
    """The stage table is configuration: a change applies to progress."""
    settings = TrainingSettings.load()
    services.training_settings_update(
        loaded_at=settings.updated_at.isoformat(),
        changes={"course_capacity": 14},
        stages={1: {"cycles": 4}},
        by=SupervisorFactory(),
    )
    assert TrainingSettings.load().course_capacity == 14
    assert selectors.requirements()[1].cycles == 4


def test_someone_who_withdrew_can_be_enrolled_again(db):
    """A withdrawn enrolment does not block the same person coming back."""
    course = OpenCourseFactory(capacity=3)
    by = CoordinatorFactory()
    first = _enrol(course, 1, by)
    services.enrolment_withdraw(enrolment_id=first.pk, by=by)
    again = _enrol(course, 1, by)
    assert again.status == "enrolled"
    assert course.enrolments.filter(email="person1@example.org").count() == 2


def test_an_enrolment_is_linked_to_the_user_with_that_address(db):
    """A participant who is a user here is linked to their account."""
    guider = GuiderTraineeFactory().user
    enrolment = services.enrolment_add(
        course_id=OpenCourseFactory().pk,
        by=CoordinatorFactory(),
        full_name=guider.full_name,
        email=guider.email.upper(),
        profession="Guider",
        organisation="VIG Team",
    )
    assert enrolment.user == guider


def test_an_enrolment_under_a_lookalike_address_is_not_linked_to_another_account(db):
    """A dotless ı is another address: the enrolment is nobody's account, not the coordinator's."""
    coordinator = CoordinatorFactory(email="coordinator@example.org")
    enrolment = services.enrolment_add(
        course_id=OpenCourseFactory().pk,
        by=coordinator,
        full_name="Someone Else",
        email="coord\u0131nator@example.org",
        profession="Guider",
        organisation="VIG Team",
    )
    assert enrolment.user is None


def test_a_guider_gets_one_trainee_record(db):
    """A second record for the same user is refused."""
    trainee = GuiderTraineeFactory()
    with pytest.raises(services.TrainingError, match="already has a trainee record"):
        services.trainee_add(
            by=CoordinatorFactory(),
            full_name="x",
            email="x@example.org",
            user=trainee.user,
            supervisor=trainee.supervisor,
            stage_started_on=TODAY(),
        )


def test_a_guider_trainees_counts_are_not_entered_by_hand(db):
    """Counted from their cases, so the supervisor cannot overwrite them."""
    trainee = GuiderTraineeFactory()
    with pytest.raises(services.TrainingError, match="counted from their cases"):
        services.trainee_enter_counts(
            trainee_id=trainee.pk, by=trainee.supervisor, cycles=5, clients=2
        )


def test_every_apps_refusals_are_domain_errors_and_rules_raise_the_one_rule_broken():
    """Views may catch DomainError for any app's refusal; pure rules raise the core one."""
    for error in (ReferralError, CaseError, CycleError, StaleCycle, TrainingError, StaleEditError):
        assert issubclass(error, DomainError), error
    assert cycle_rules.RuleBroken is rules.RuleBroken is RuleBroken

"""Training pages through the test client: who may see what, errors, and query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from training import services as training_services
from training.configuration import TrainingSettings
from training.models import Course, Enrolment, SupervisionSession, Trainee
from training.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    EnrolmentFactory,
    GuiderTraineeFactory,
    OpenCourseFactory,
    RunningCourseFactory,
    SupervisionSessionFactory,
    TraineeFactory,
)
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
)

TODAY = timezone.localdate


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _date_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


# --- Who may use which page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("factory", "status"),
    [
        (CoordinatorFactory, 200),
        (ManagerFactory, 200),
        (SupervisorFactory, 403),
        (GuiderFactory, 403),
        (ReferrerFactory, 403),
        (AdministratorFactory, 403),
    ],
)
def test_course_pages_are_for_coordinators_and_managers(client, db, factory, status):
    """Managers read course pages; coordinators manage them; others are refused."""
    course = CourseFactory()
    client.force_login(factory())
    assert client.get(reverse("training:course_list")).status_code == status
    assert client.get(course.get_absolute_url()).status_code == status


def test_a_manager_reads_a_course_but_cannot_change_it(client, db):
    """No enrol or change buttons for a manager, and their forms are refused."""
    course = OpenCourseFactory()
    client.force_login(ManagerFactory())
    html = client.get(course.get_absolute_url()).content.decode()
    assert "Enrol someone" not in html
    assert client.get(reverse("training:enrolment_add", args=[course.pk])).status_code == 403
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 403


def test_a_trainee_page_opened_by_a_supervisor_who_is_not_theirs_is_404(client, db):
    """Another supervisor's trainee is not found; their own is shown."""
    trainee = TraineeFactory()
    client.force_login(SupervisorFactory())
    assert client.get(trainee.get_absolute_url()).status_code == 404
    assert client.get(reverse("training:supervision_add", args=[trainee.pk])).status_code == 404
    client.force_login(trainee.supervisor)
    assert client.get(trainee.get_absolute_url()).status_code == 200


def test_a_trainee_sees_their_own_record_and_no_one_elses(client, db):
    """A guider who is a trainee reads their own page; another trainee's is 404."""
    mine, other = GuiderTraineeFactory(), GuiderTraineeFactory()
    client.force_login(mine.user)
    html = client.get(mine.get_absolute_url()).content.decode()
    assert "Stage 1 progress" in html
    assert "Record a supervision session" not in html
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("training:sign_off", args=[mine.pk])).status_code == 403


def test_my_training_takes_a_guider_to_their_own_record(client, db):
    """A guider in training sees their record; one who is not is told so."""
    mine = GuiderTraineeFactory()
    client.force_login(mine.user)
    response = client.get(reverse("training:my_training"))
    assert response.context["trainee"] == mine
    client.force_login(GuiderFactory())
    response = client.get(reverse("training:my_training"))
    assert "You do not have a trainee record" in response.content.decode()


def test_the_training_configuration_is_for_administrators(client, db):
    """Only administrators change the stage table."""
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("training:configuration")).status_code == 403


# --- Courses --------------------------------------------------------------------------------


def test_a_coordinator_plans_a_course_with_days_in_order(client, db):
    """The course is created with the configured places and its days."""
    client.force_login(CoordinatorFactory())
    start = TODAY() + timedelta(days=20)
    response = client.post(
        reverse("training:course_create"),
        {
            "kind": "initial",
            "venue": "Truro Family Hub",
            "capacity": "12",
            **_date_fields("day_1", start),
            **_date_fields("day_2", start + timedelta(days=1)),
        },
    )
    course = Course.objects.get()
    assert response.url == course.get_absolute_url()
    assert course.days.count() == 2


def test_a_course_day_dated_before_the_previous_day_is_refused(client, db):
    """The error is on day 2 and nothing is saved."""
    client.force_login(CoordinatorFactory())
    start = TODAY() + timedelta(days=20)
    response = client.post(
        reverse("training:course_create"),
        {
            "kind": "initial",
            "venue": "Truro Family Hub",
            "capacity": "12",
            **_date_fields("day_1", start),
            **_date_fields("day_2", start - timedelta(days=3)),
        },
    )
    assert response.status_code == 200
    assert "Day 2 must be after day 1" in response.content.decode()
    assert not Course.objects.exists()


def test_the_13th_enrolment_is_told_plainly_it_is_on_the_waiting_list(client, db):
    """A full course: the message says so and gives the position."""
    course = OpenCourseFactory(capacity=12)
    EnrolmentFactory.create_batch(12, course=course)
    client.force_login(CoordinatorFactory())
    url = reverse("training:enrolment_add", args=[course.pk])
    assert "The course is full" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "full_name": "Tom Thirteen",
            "email": "tom@example.org",
            "profession": "Teacher",
            "organisation": "Penzance School",
        },
        follow=True,
    )
    assert "The course is full. Tom Thirteen is number 1 on the waiting list" in (
        response.content.decode()
    )
    assert Enrolment.objects.get(email="tom@example.org").status == "waiting"


def test_the_same_person_enrolled_twice_gets_an_error(client, db):
    """The second enrolment is refused with the person named."""
    enrolment = EnrolmentFactory(full_name="Jo Bray", email="jo@example.org")
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("training:enrolment_add", args=[enrolment.course.pk]),
        {
            "full_name": "Jo Bray",
            "email": "Jo@Example.org",
            "profession": "x",
            "organisation": "y",
        },
    )
    assert "Jo Bray (jo@example.org) is already enrolled on this course" in (
        response.content.decode()
    )


def test_attendance_for_a_course_not_yet_started_is_refused(client, db):
    """The register of a course a month away cannot be saved."""
    enrolment = EnrolmentFactory()
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("training:attendance", args=[enrolment.course.pk, 1]),
        {"attended": [enrolment.pk]},
    )
    assert "You cannot record attendance before the course starts" in response.content.decode()
    assert not enrolment.attendances.exists()


def test_the_course_page_shows_who_missed_a_day_and_offers_a_make_up(client, db):
    """A participant absent on day 1 has not completed the course."""
    course = RunningCourseFactory()
    AttendanceFactory(enrolment__course=course, enrolment__full_name="Amy Absent", attended=False)
    client.force_login(CoordinatorFactory())
    html = client.get(course.get_absolute_url()).content.decode()
    assert "Absent" in html
    assert "Record make-up" in html
    assert "missed a day" in html


def _a_course_with(enrolled: int, waiting: int, trainers: int, *, past: bool = False):
    days = [TODAY() - timedelta(days=10), TODAY() - timedelta(days=9)] if past else None
    course = RunningCourseFactory(capacity=max(enrolled, 1), days=days)
    for n in range(trainers):
        course.trainers.add(SupervisorFactory(email=f"trainer{course.pk}-{n}@example.org"))
    people = EnrolmentFactory.create_batch(enrolled, course=course)
    EnrolmentFactory.create_batch(waiting, course=course, status="waiting")
    for person in people:
        AttendanceFactory(enrolment=person)
    return course


def test_the_course_list_takes_the_same_number_of_queries_for_2_or_20_courses(client, db):
    """Places, waiting and trainers come in a fixed number of queries."""
    _a_course_with(2, 1, 1)
    _a_course_with(2, 0, 1, past=True)
    client.force_login(CoordinatorFactory())
    url = reverse("training:course_list")
    client.get(url)  # the session and settings are set up on first use
    few = _queries(client, url)
    for n in range(18):
        _a_course_with(3, 2, 2, past=n % 2 == 0)
    assert _queries(client, url) == few


def test_the_course_page_takes_the_same_number_of_queries_for_3_or_30_people(
    client, db, django_assert_max_num_queries
):
    """The register does not grow a query per participant or day."""
    small = _a_course_with(2, 1, 1)
    large = _a_course_with(25, 5, 3)
    client.force_login(CoordinatorFactory())
    client.get(small.get_absolute_url())
    few = _queries(client, small.get_absolute_url())
    with django_assert_max_num_queries(few):
        assert client.get(large.get_absolute_url()).status_code == 200


# --- Trainees and supervisors ---------------------------------------------------------------


def test_a_supervision_session_of_zero_minutes_is_refused(client, db):
    """The error is on the minutes and nothing is saved."""
    trainee = TraineeFactory()
    client.force_login(trainee.supervisor)
    response = client.post(
        reverse("training:supervision_add", args=[trainee.pk]),
        {"minutes": "0", "supervisor": trainee.supervisor.pk, **_date_fields("held_on", TODAY())},
    )
    assert "The length of the session must be more than 0 minutes" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_a_stage_signed_off_early_without_a_reason_is_refused(client, db):
    """The supervisor is told what is missing and asked for a reason."""
    trainee = TraineeFactory()
    client.force_login(trainee.supervisor)
    url = reverse("training:sign_off", args=[trainee.pk])
    response = client.post(url, {"reason": ""})
    assert "Enter the reason for signing it off early" in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.stage == 1
    client.post(url, {"reason": "Agreed with AVIGuk after a long absence"})
    trainee.refresh_from_db()
    assert trainee.stage == 2


def test_supervision_is_shown_due_after_six_weeks(client, db):
    """My supervisees flags the trainee with no supervision in the last six weeks."""
    supervisor = SupervisorFactory()
    due = TraineeFactory(supervisor=supervisor, full_name="Dee Due")
    SupervisionSessionFactory(trainee=due, held_on=TODAY() - timedelta(weeks=7))
    fine = TraineeFactory(supervisor=supervisor, full_name="Fay Fine")
    SupervisionSessionFactory(trainee=fine, held_on=TODAY() - timedelta(weeks=1))
    client.force_login(supervisor)
    html = client.get(reverse("training:supervisees")).content.decode()
    assert html.count("Supervision due") == 1
    assert html.index("Supervision due") > html.index("Dee Due")
    assert html.index("Supervision due") < html.index("Fay Fine")


def test_the_supervisor_page_takes_the_same_number_of_queries_for_2_or_20_supervisees(client, db):
    """Progress for each supervisee is counted in the database, not one query each."""
    supervisor = SupervisorFactory()
    for _ in range(2):
        SupervisionSessionFactory(trainee=GuiderTraineeFactory(supervisor=supervisor))
    client.force_login(supervisor)
    url = reverse("training:supervisees")
    client.get(url)
    few = _queries(client, url)
    for n in range(18):
        trainee = (GuiderTraineeFactory if n % 2 else TraineeFactory)(supervisor=supervisor)
        SupervisionSessionFactory.create_batch(2, trainee=trainee)
    assert Trainee.objects.filter(supervisor=supervisor).count() == 20
    assert _queries(client, url) == few


def test_the_configuration_tab_changes_places_and_the_stage_table(client, db):
    """An administrator saves new numbers for stage 1."""
    client.force_login(AdministratorFactory())
    url = reverse("training:configuration")
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update({"course_capacity": "10", "stage_1_cycles": "5"})
    response = client.post(url, data)
    assert response.status_code == 302
    settings = TrainingSettings.load()
    assert settings.course_capacity == 10
    assert settings.stage_table()[1].cycles == 5


def test_counts_are_entered_only_for_external_trainees(client, db):
    """A guider trainee's numbers come from their cases: the page is not there for them."""
    trainee = GuiderTraineeFactory()
    client.force_login(trainee.supervisor)
    assert client.get(reverse("training:trainee_counts", args=[trainee.pk])).status_code == 404


def test_a_course_status_change_needs_a_known_status(client, db):
    """An unknown target is refused with a message; the course is unchanged."""
    course = CourseFactory()
    client.force_login(CoordinatorFactory())
    url = reverse("training:course_status", args=[course.pk])
    client.post(url, {"to": "cancelled"})
    course.refresh_from_db()
    assert course.status == Course.Status.PLANNED
    client.post(url, {"to": "open"})
    course.refresh_from_db()
    assert course.status == Course.Status.OPEN


def test_a_course_with_every_place_taken_reads_full_until_a_place_frees(client, db):
    """ "Full" follows the places: shown on the list and the course, gone once someone withdraws.

    It is worked out from the places taken, so enrolling writes no status line of its own.
    """
    course = OpenCourseFactory(capacity=2)
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    for n in range(2):
        training_services.enrolment_add(
            course_id=course.pk,
            by=coordinator,
            full_name=f"Person {n}",
            email=f"person{n}@example.org",
            profession="Teacher",
            organisation="School",
        )
    full_tag = 'govuk-tag--orange">Full</strong>'
    assert full_tag in client.get(reverse("training:course_list")).content.decode()
    assert full_tag in client.get(course.get_absolute_url()).content.decode()
    assert not course.events.filter(action="course_status").exists()
    training_services.enrolment_withdraw(enrolment_id=course.enrolments.first().pk, by=coordinator)
    page = client.get(course.get_absolute_url()).content.decode()
    assert full_tag not in page
    assert 'govuk-tag--green">Open for enrolment</strong>' in page

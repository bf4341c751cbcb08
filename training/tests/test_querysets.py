"""Course completion as a queryset method, as the training report counts it."""

from datetime import date

from training.models import Enrolment
from training.tests.factories import AttendanceFactory, CourseFactory, EnrolmentFactory

DAYS = [date(2025, 3, 3), date(2025, 3, 4)]


def _attend(enrolment, *, day_1=True, day_2=True, made_up_on=None):
    days = list(enrolment.course.days.order_by("number"))
    AttendanceFactory(enrolment=enrolment, day=days[0], attended=day_1)
    AttendanceFactory(enrolment=enrolment, day=days[1], attended=day_2, made_up_on=made_up_on)


def test_a_participant_completes_by_attending_or_making_up_every_day(db):
    """Both days; one missed and made up: completed. One missed, not made up: not."""
    course = CourseFactory(days=DAYS)
    both, made_up, missed, unrecorded = (EnrolmentFactory(course=course) for _ in range(4))
    _attend(both)
    _attend(made_up, day_2=False, made_up_on=date(2025, 4, 1))
    _attend(missed, day_2=False)

    completed = set(Enrolment.objects.completed().values_list("pk", flat=True))

    assert completed == {both.pk, made_up.pk}
    assert unrecorded.pk not in completed


def test_only_participants_with_a_place_on_a_course_with_days_complete_it(db):
    """A withdrawn participant who attended, and a course without days, never count."""
    course = CourseFactory(days=DAYS)
    withdrawn = EnrolmentFactory(course=course)
    _attend(withdrawn)
    Enrolment.objects.filter(pk=withdrawn.pk).update(status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(course=CourseFactory(days=[]))

    assert not Enrolment.objects.completed().exists()

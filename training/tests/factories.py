"""Factories for courses at each status, enrolments, attendance, trainees and supervision."""

from datetime import timedelta

import factory
from django.utils import timezone

from training.models import (
    Attendance,
    Course,
    CourseDay,
    Enrolment,
    SupervisionSession,
    Trainee,
)
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    SupervisorFactory,
)


def _days_from_today(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=days))


class CourseFactory(factory.django.DjangoModelFactory):
    """A two-day initial course, planned, a month away, with 12 places."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    kind = Course.Kind.INITIAL
    venue = factory.Sequence(lambda n: f"Truro Family Hub, room {n}")
    capacity = 12
    status = Course.Status.PLANNED

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        """Day dates: a list given, or two consecutive days 30 days from today."""
        if not create:
            return
        start = timezone.localdate() + timedelta(days=30)
        dates = extracted if extracted is not None else [start, start + timedelta(days=1)]
        for number, day in enumerate(dates, start=1):
            CourseDay.objects.create(course=self, number=number, date=day)


class OpenCourseFactory(CourseFactory):
    """A course open for enrolment."""

    status = Course.Status.OPEN


class RunningCourseFactory(OpenCourseFactory):
    """An open course whose two days were yesterday and today."""

    @factory.post_generation
    def days(self, create, extracted, **kwargs):
        if not create:
            return
        today = timezone.localdate()
        for number, day in enumerate(extracted or [today - timedelta(days=1), today], start=1):
            CourseDay.objects.create(course=self, number=number, date=day)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A participant with a place on an open course."""

    class Meta:
        model = Enrolment

    course = factory.SubFactory(OpenCourseFactory)
    full_name = factory.Sequence(lambda n: f"Pat Penhale {n}")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    profession = "Health visitor"
    organisation = "Cornwall Partnership NHS Foundation Trust"
    status = Enrolment.Status.ENROLLED


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A participant present on day 1."""

    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    day = factory.LazyAttribute(lambda o: o.enrolment.course.days.get(number=1))
    attended = True


class TraineeFactory(factory.django.DjangoModelFactory):
    """An external trainee at stage 1, started 60 days ago, with a supervisor."""

    class Meta:
        model = Trainee

    full_name = factory.Sequence(lambda n: f"Tamsin Trainee {n}")
    email = factory.Sequence(lambda n: f"trainee{n}@example.org")
    supervisor = factory.SubFactory(SupervisorFactory)
    stage = 1
    stage_started_on = _days_from_today(-60)


class GuiderTraineeFactory(TraineeFactory):
    """A trainee who is a guider here: their cycles are counted from their cases."""

    user = factory.SubFactory(GuiderFactory)
    full_name = factory.SelfAttribute("user.full_name")
    email = factory.SelfAttribute("user.email")


class SupervisionSessionFactory(factory.django.DjangoModelFactory):
    """An hour's supervision a week ago."""

    class Meta:
        model = SupervisionSession

    trainee = factory.SubFactory(TraineeFactory)
    supervisor = factory.SelfAttribute("trainee.supervisor")
    held_on = _days_from_today(-7)
    minutes = 60


__all__ = [
    "AttendanceFactory",
    "CoordinatorFactory",
    "CourseFactory",
    "EnrolmentFactory",
    "GuiderTraineeFactory",
    "OpenCourseFactory",
    "RunningCourseFactory",
    "SupervisionSessionFactory",
    "TraineeFactory",
]

"""Appointments for the diary's tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from cycles.tests.factories import CycleFactory
from diary.models import Appointment


def _tomorrow_at(hour: int):
    def make(_):
        day = timezone.localdate() + timedelta(days=1)
        return timezone.make_aware(timezone.datetime(day.year, day.month, day.day, hour))

    return factory.LazyAttribute(make)


class FilmingAppointmentFactory(factory.django.DjangoModelFactory):
    """A filming planned for tomorrow at 10am at the family's home, for a planned cycle."""

    class Meta:
        model = Appointment
        skip_postgeneration_save = True

    kind = Appointment.Kind.FILMING
    cycle = factory.SubFactory(CycleFactory)
    case = factory.SelfAttribute("cycle.case")
    starts_at = _tomorrow_at(10)
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + timedelta(hours=1))
    place = Appointment.Place.HOME
    planned_by = factory.SelfAttribute("case.guider")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create:
            self.staff.set(extracted or [self.case.guider])

"""Named filters for training records, including who may see which."""

from django.db import models
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from vig_service.accounts.roles import Role


def _count(queryset, outer: str) -> Coalesce:
    """How many rows of `queryset` belong to the outer row, as a subquery (0 when none)."""
    grouped = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(grouped, output_field=IntegerField()), 0)


class CourseQuerySet(models.QuerySet):
    """Course queries; course pages are for coordinators (managing) and managers (reading)."""

    def with_places(self):
        """Each course with its places taken (`enrolled_count`) and waiting (`waiting_count`)."""
        # Reached through the relation: models.py imports this module.
        enrolments = self.model._meta.get_field("enrolments").related_model.objects
        return self.annotate(
            enrolled_count=_count(enrolments.filter(course=OuterRef("pk")).enrolled(), "course"),
            waiting_count=_count(enrolments.filter(course=OuterRef("pk")).waiting(), "course"),
        )

    def visible_to(self, user):
        """Coordinators and managers see every course; nobody else sees course pages."""
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.COORDINATOR, Role.MANAGER):
            return self.all()
        return self.none()


class EnrolmentQuerySet(models.QuerySet):
    """Enrolment queries."""

    def current(self):
        """Enrolments not withdrawn: holding a place or waiting for one."""
        return self.exclude(status="withdrawn")

    def enrolled(self):
        """Enrolments holding a place."""
        return self.filter(status="enrolled")

    def completed(self):
        """Enrolments holding a place that have completed the course.

        A participant completes a course by attending, or making up, every one of its days
        (rules.course_completed says the same for a register already loaded).
        """
        # Models reached through relations: models.py imports this module.
        course_model = self.model._meta.get_field("course").related_model
        day_model = course_model._meta.get_field("days").related_model
        attendance_model = self.model._meta.get_field("attendances").related_model
        # A day is done when attended or made up later (`Attendance.completed`).
        done = attendance_model.objects.filter(
            Q(attended=True) | Q(made_up_on__isnull=False), enrolment=OuterRef("pk")
        )
        days = day_model.objects.filter(course=OuterRef("course"))
        return (
            self.enrolled()
            .annotate(days_done=_count(done, "enrolment"), course_days=_count(days, "course"))
            .filter(course_days__gt=0, days_done__gte=F("course_days"))
        )

    def waiting(self):
        """The waiting list, first in line first: the order people joined it."""
        return self.filter(status="waiting").order_by("created_at", "pk")


class TraineeQuerySet(models.QuerySet):
    """Trainee queries; every page's trainees pass through visible_to(user)."""

    def in_training(self):
        """Trainees not yet accredited."""
        return self.filter(status="in_training")

    def visible_to(self, user):
        """Coordinators see every trainee, a supervisor those they supervise, a trainee themself.

        Anyone else's trainee record is a 404.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.all()
        scope = models.Q(user=user)
        if user.has_role(Role.SUPERVISOR):
            scope |= models.Q(supervisor=user)
        return self.filter(scope)

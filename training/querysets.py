"""Named filters for training records, including who may see which."""

from django.db import models

from vig_service.accounts.roles import Role


class CourseQuerySet(models.QuerySet):
    """Course queries; course pages are for coordinators (managing) and managers (reading)."""

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

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status="waiting").order_by("waiting_position", "pk")


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

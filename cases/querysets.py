"""Named filters for cases, including who may see which."""

from django.db import models

from vig_service.accounts.roles import Role


class CaseQuerySet(models.QuerySet):
    """Case queries; every page's cases pass through visible_to(user)."""

    def open(self):
        """Cases not yet closed."""
        return self.exclude(status="closed")

    def visible_to(self, user):
        """The cases a user may open; anything else is a 404 for them.

        Coordinators see every case. Guiders see the cases they guide or co-work.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.COORDINATOR):
            return self.all()
        if user.has_role(Role.GUIDER):
            return self.filter(models.Q(guider=user) | models.Q(co_worker=user))
        return self.none()

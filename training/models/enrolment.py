"""Enrolment: who holds a place on a course, who waits for one, who withdrew."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from training.models.courses import Course
from training.querysets import EnrolmentQuerySet


class EnrolmentStatus(models.TextChoices):
    """Whether a participant holds a place, waits for one, or has withdrawn."""

    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "Waiting list"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(models.Model):
    """A participant on a course. Participants need not be users of the system."""

    Status = EnrolmentStatus

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    full_name = models.CharField("Full name", max_length=150)
    email = models.EmailField("Email address", max_length=254)
    profession = models.CharField(max_length=120)
    organisation = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
    )
    status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    # When someone on the waiting list was given a place, so the coordinator sees who moved up.
    promoted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=EnrolmentStatus.values),
                name="training_enrolment_status_valid",
            ),
            # The same person once per course, unless they withdrew.
            models.UniqueConstraint(
                "course",
                Lower("email"),
                condition=~models.Q(status="withdrawn"),
                name="training_enrolment_once_per_course",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def waiting_position(self) -> int | None:
        """Where the person stands on the waiting list (1 is next), None when not waiting.

        Derived from the order people joined it, never stored, so it cannot drift; a page that
        lists the waiting list numbers the rows it loaded instead of asking each row.
        """
        if self.status != EnrolmentStatus.WAITING:
            return None
        ahead = models.Q(created_at__lt=self.created_at) | models.Q(
            created_at=self.created_at, pk__lt=self.pk
        )
        return (
            Enrolment.objects.filter(course_id=self.course_id).waiting().filter(ahead).count() + 1
        )

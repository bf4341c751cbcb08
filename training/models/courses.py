"""Courses: their kind, status and places, and the date of each day."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from training.errors import TrainingError
from training.querysets import CourseQuerySet
from vig_service.core.models import Timestamped
from vig_service.core.transitions import StatusMachine


class CourseKind(models.TextChoices):
    """The kinds of course a VIG service runs."""

    INITIAL = "initial", "Initial Training Course (two days)"
    WHOLE_TEAM = "whole_team", "Whole-team initial training"
    REFRESHER = "refresher", "Refresher"


class CourseStatus(models.TextChoices):
    """Where a course is."""

    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for enrolment"
    DELIVERED = "delivered", "Delivered"
    CLOSED = "closed", "Closed"


class Course(Timestamped, StatusMachine):
    """A training course: its days, venue, trainers and places."""

    Kind = CourseKind
    Status = CourseStatus

    # Which status may follow which; services refuse anything else. "Full" is not a status:
    # an open course is full while its places are all taken (`is_full`).
    TRANSITIONS = {
        Status.PLANNED: {Status.OPEN},
        Status.OPEN: {Status.DELIVERED},
        Status.DELIVERED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    kind = models.CharField(max_length=20, choices=CourseKind.choices)
    venue = models.CharField(max_length=200)
    capacity = models.PositiveSmallIntegerField(
        "Places", default=12, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="courses_taught"
    )
    notes = models.TextField(max_length=4000, blank=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CourseStatus.values),
                name="training_course_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=CourseKind.values), name="training_course_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="training_course_capacity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.venue}"

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])

    @property
    def is_full(self) -> bool:
        """Open with every place taken (the course counted by `with_places()`)."""
        return self.status == CourseStatus.OPEN and self.enrolled_count >= self.capacity

    @property
    def status_shown(self) -> str:
        """The status as people read it: an open course with no place left is "Full"."""
        return "Full" if self.is_full else self.get_status_display()

    def transition_refused(self, to: str) -> TrainingError:
        """A move the transitions table does not allow, named."""
        return TrainingError(
            f"A course that is {self.get_status_display().lower()} cannot become "
            f"{CourseStatus(to).label.lower()}"
        )

    def transition_event(self, *, by, action: str, from_status: str, note: str, **event_fields):
        """The course's timeline says the move in words, then why."""
        moved = f"{CourseStatus(from_status).label} to {self.get_status_display().lower()}"
        return super().transition_event(
            by=by,
            action=action,
            from_status=from_status,
            note=f"{moved}. {note}" if note else moved,
            **event_fields,
        )


class CourseDay(models.Model):
    """Day n of a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="days")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    date = models.DateField()

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "number"], name="training_day_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="training_day_number_positive"
            ),
        ]

    def __str__(self):
        return f"Day {self.number}"

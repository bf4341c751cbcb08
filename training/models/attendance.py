"""Attendance: whether a participant came on each course day, or made it up later."""

from django.conf import settings
from django.db import models

from training.models.courses import CourseDay
from training.models.enrolment import Enrolment


class Attendance(models.Model):
    """Whether a participant attended one day of the course, or made it up later."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    day = models.ForeignKey(CourseDay, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(default=False)
    made_up_on = models.DateField("Date made up", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day"], name="training_attendance_once_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} on {self.day}"

    @property
    def completed(self) -> bool:
        """Attended on the day or made it up later (EnrolmentQuerySet.completed in SQL)."""
        return self.attended or self.made_up_on is not None

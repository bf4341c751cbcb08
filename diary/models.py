"""Appointments: what is planned for a case, a cycle, a course or a supervisee, and its outcome."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent
from diary.errors import DiaryError
from training.models import CourseKind
from vig_service.core.models import Event, Timestamped, actions_check
from vig_service.core.transitions import StatusMachine


class AppointmentKind(models.TextChoices):
    """What an appointment is for."""

    INITIAL_VISIT = "initial_visit", "Initial visit"
    CONTRACTING_VISIT = "contracting_visit", "Contracting visit"
    FILMING = "filming", "Filming"
    SHARED_REVIEW = "shared_review", "Shared review"
    SUPERVISION = "supervision", "Supervision"
    COURSE_DAY = "course_day", "Course day"
    OTHER = "other", "Other"


class Place(models.TextChoices):
    """Where it happens; the feed carries only this, never an address."""

    HOME = "home", "The family's home"
    CHILDRENS_CENTRE = "childrens_centre", "Children's centre"
    SCHOOL = "school", "School or nursery"
    ONLINE = "online", "Online"
    OTHER = "other", "Somewhere else"


class AppointmentStatus(models.TextChoices):
    """Planned, then what happened."""

    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


# Kinds that belong to a cycle of a case (filming, shared review) or to a case at all.
CYCLE_KINDS = (AppointmentKind.FILMING, AppointmentKind.SHARED_REVIEW)
CASE_KINDS = (*CYCLE_KINDS, AppointmentKind.INITIAL_VISIT, AppointmentKind.CONTRACTING_VISIT)


class Appointment(Timestamped, StatusMachine):
    """One planned meeting, filming or course day, with who attends and how it went."""

    Kind = AppointmentKind
    Place = Place
    Status = AppointmentStatus

    TRANSITIONS = {
        Status.PLANNED: {Status.HELD, Status.CANCELLED, Status.DID_NOT_ATTEND},
        Status.HELD: set(),
        Status.CANCELLED: set(),
        Status.DID_NOT_ATTEND: set(),
    }

    kind = models.CharField(max_length=20, choices=AppointmentKind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="appointments"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    course = models.ForeignKey(
        "training.Course",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    trainee = models.ForeignKey(
        "training.Trainee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    starts_at = models.DateTimeField("Start")
    ends_at = models.DateTimeField("End")
    place = models.CharField(max_length=20, choices=Place.choices)
    place_detail = models.CharField("Place details", max_length=200, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="appointments")
    family_attending = models.CharField("Family members attending", max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    reason = models.CharField("Reason", max_length=500, blank=True)
    notes = models.TextField(max_length=4000, blank=True)
    version = models.PositiveIntegerField(default=1)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"], name="diary_appointment_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="diary_appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AppointmentKind.values), name="diary_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(place__in=Place.values), name="diary_place_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AppointmentStatus.values),
                name="diary_status_valid",
            ),
            # A filming or shared review is for a cycle of its case; a case visit for a case.
            models.CheckConstraint(
                condition=~models.Q(kind__in=CYCLE_KINDS)
                | models.Q(cycle__isnull=False, case__isnull=False),
                name="diary_cycle_kinds_have_cycle",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=CASE_KINDS) | models.Q(case__isnull=False),
                name="diary_case_kinds_have_case",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind=AppointmentKind.COURSE_DAY)
                | models.Q(course__isnull=False),
                name="diary_course_day_has_course",
            ),
        ]

    def __str__(self):
        return f"{self.title} at {timezone.localtime(self.starts_at):%H:%M on %-d %B %Y}"

    def get_absolute_url(self):
        return reverse("diary:appointment", args=[self.pk])

    @property
    def title(self) -> str:
        """What it is and what for, by reference only (never a name): "Filming, cycle 3"."""
        what = self.get_kind_display()
        if self.cycle_id:
            what += f", cycle {self._listed('cycle_number', lambda: self.cycle.number)}"
        if self.case_id:
            what += f" – {self._listed('case_reference', lambda: self.case.referral.reference)}"
        if self.course_id:
            # The course's kind, not its venue: the feed carries no addresses.
            kind = self._listed("course_kind", lambda: self.course.kind)
            what += f" – {dict(CourseKind.choices).get(kind, kind)}"
        return what

    def _listed(self, name: str, related):
        """A fact a diary list read with the appointment (selectors._listed), else `related()`."""
        return self.__dict__[name] if name in self.__dict__ else related()

    def transition_refused(self, to: str) -> DiaryError:
        return DiaryError(
            f"This appointment is {self.get_status_display().lower()}, so it cannot be "
            f"marked as {self.status_label(to).lower()}"
        )

    def transition_stale(self) -> DiaryError:
        return DiaryError(
            "This appointment was changed by someone else since you opened it. "
            "Check it before you save again"
        )

    def transition_event(self, *, by, action: str, from_status: str, note: str, **fields):
        """The appointment's own history, and a line on its case's timeline."""
        return record_event(self, by=by, action=action, from_status=from_status, note=note)


def record_event(appointment, *, by, action: str, note: str, from_status: str = ""):
    """Write the appointment's history line and, for a case's appointment, its timeline line."""
    event = appointment.events.create(
        actor=by, action=action, from_status=from_status, to_status=appointment.status, note=note
    )
    if appointment.case_id:
        CaseEvent.objects.create(
            case_id=appointment.case_id,
            actor=by,
            action=action,
            from_status=from_status,
            to_status=appointment.status,
            note=note,
        )
    return event


class AppointmentEventAction(models.TextChoices):
    """What a line of an appointment's history records (the case timeline's words)."""

    PLANNED = "appointment_planned", "Appointment planned"
    CHANGED = "appointment_changed", "Appointment changed"
    HELD = "appointment_held", "Appointment held"
    CANCELLED = "appointment_cancelled", "Appointment cancelled"
    MISSED = "appointment_missed", "Appointment not attended"


class AppointmentEvent(Event):
    """One line of an appointment's history."""

    Action = AppointmentEventAction

    action = models.CharField(max_length=60, choices=AppointmentEventAction.choices)
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")

    class Meta(Event.Meta):
        constraints = [actions_check(AppointmentEventAction)]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed address; renewing it makes the old address a 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


from diary.reminders import DigestPreference, DigestSent  # noqa: E402, F401  (the digest models)

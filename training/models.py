"""Training: courses and who is on them, and trainees' supervised practice to accreditation."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from training.configuration import StageRequirement, TrainingSettings
from training.errors import TrainingError
from training.querysets import CourseQuerySet, EnrolmentQuerySet, TraineeQuerySet
from vig_service.core.models import Event
from vig_service.core.transitions import StatusMachine

__all__ = [
    "Attendance",
    "Course",
    "CourseDay",
    "CourseKind",
    "CourseStatus",
    "Enrolment",
    "EnrolmentStatus",
    "StageRequirement",
    "StageSignOff",
    "SupervisionSession",
    "Trainee",
    "TraineeStatus",
    "TrainingEvent",
    "TrainingSettings",
]


class CourseKind(models.TextChoices):
    """The kinds of course a VIG service runs."""

    INITIAL = "initial", "Initial Training Course (two days)"
    WHOLE_TEAM = "whole_team", "Whole-team initial training"
    REFRESHER = "refresher", "Refresher"


class CourseStatus(models.TextChoices):
    """Where a course is."""

    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for enrolment"
    FULL = "full", "Full"
    DELIVERED = "delivered", "Delivered"
    CLOSED = "closed", "Closed"


class Course(StatusMachine):
    """A training course: its days, venue, trainers and places."""

    Kind = CourseKind
    Status = CourseStatus

    # Which status may follow which; services refuse anything else. Open and full swap as
    # places fill and free.
    TRANSITIONS = {
        Status.PLANNED: {Status.OPEN},
        Status.OPEN: {Status.FULL, Status.DELIVERED},
        Status.FULL: {Status.OPEN, Status.DELIVERED},
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    waiting_position = models.PositiveSmallIntegerField(null=True, blank=True)
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
            models.CheckConstraint(
                condition=(
                    models.Q(status="waiting", waiting_position__isnull=False)
                    | (~models.Q(status="waiting") & models.Q(waiting_position__isnull=True))
                ),
                name="training_enrolment_position_only_when_waiting",
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


class TraineeStatus(models.TextChoices):
    """Whether a trainee is still in supervised practice or accredited."""

    IN_TRAINING = "in_training", "In supervised practice"
    ACCREDITED = "accredited", "Accredited"


class Trainee(models.Model):
    """A trainee guider in supervised practice after their course, working through the stages."""

    Status = TraineeStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trainee_records",
        help_text="When the trainee is a guider here, their cycles are counted from their cases.",
    )
    full_name = models.CharField("Full name", max_length=150)
    email = models.EmailField("Email address", max_length=254)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainees_supervised"
    )
    course = models.ForeignKey(
        Course,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainees",
        help_text="Their initial course.",
    )
    stage = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    status = models.CharField(
        max_length=20, choices=TraineeStatus.choices, default=TraineeStatus.IN_TRAINING
    )
    stage_started_on = models.DateField("Date the stage started")
    accredited_on = models.DateField(null=True, blank=True)
    # For a trainee who is not a guider here, their supervisor enters the current stage's work.
    external_cycles = models.PositiveSmallIntegerField("Cycles this stage", default=0)
    external_clients = models.PositiveSmallIntegerField("Clients this stage", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TraineeQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__gte=1, stage__lte=3),
                name="training_trainee_stage_1_to_3",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=TraineeStatus.values),
                name="training_trainee_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accredited") | models.Q(accredited_on__isnull=False),
                name="training_trainee_accredited_has_date",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(user__isnull=False),
                name="training_trainee_one_per_user",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("training:trainee_detail", args=[self.pk])

    @property
    def is_external(self) -> bool:
        """Not a user here: the supervisor enters their cycles and clients."""
        return self.user_id is None


class StageSignOff(models.Model):
    """A supervisor's sign-off of the end of a stage: who, when, and why if not all was met."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="sign_offs")
    stage = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField()
    requirements_met = models.BooleanField()
    reason = models.TextField(max_length=2000, blank=True)
    # What the counts were when it was signed off, for the record.
    cycles = models.PositiveSmallIntegerField(default=0)
    clients = models.PositiveSmallIntegerField(default=0)
    supervision_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["trainee", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "stage"], name="training_sign_off_once_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(requirements_met=True) | ~models.Q(reason=""),
                name="training_sign_off_reason_unless_met",
            ),
        ]

    def __str__(self):
        return f"Stage {self.stage} signed off"


class SupervisionSession(models.Model):
    """A supervision session for a trainee: date, supervisor, length, and the case if any."""

    trainee = models.ForeignKey(
        Trainee, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("Date")
    minutes = models.PositiveSmallIntegerField(
        "Length in minutes", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gt=0), name="training_supervision_minutes_positive"
            ),
        ]
        indexes = [models.Index(fields=["trainee", "held_on"])]

    def __str__(self):
        return f"Supervision on {self.held_on}"


class TrainingEvent(Event):
    """One line of a course's or a trainee's timeline."""

    class Action(models.TextChoices):
        COURSE_CREATED = "course_created", "Course created"
        COURSE_CHANGED = "course_changed", "Course changed"
        COURSE_STATUS = "course_status", "Course status changed"
        ENROLLED = "enrolled", "Enrolled"
        WAITLISTED = "waitlisted", "Put on the waiting list"
        WITHDRAWN = "withdrawn", "Withdrawn"
        PROMOTED = "promoted", "Moved up from the waiting list"
        ATTENDANCE_RECORDED = "attendance_recorded", "Attendance recorded"
        MADE_UP = "made_up", "Missed day made up"
        TRAINEE_ADDED = "trainee_added", "Trainee added"
        SUPERVISION_RECORDED = "supervision_recorded", "Supervision recorded"
        COUNTS_ENTERED = "counts_entered", "Cycles and clients entered"
        STAGE_SIGNED_OFF = "stage_signed_off", "Stage signed off"
        ACCREDITED = "accredited", "Accredited"

    action = models.CharField(max_length=60, choices=Action.choices)
    course = models.ForeignKey(
        Course, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    trainee = models.ForeignKey(
        Trainee, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )

    class Meta(Event.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=False) | models.Q(trainee__isnull=False),
                name="training_event_has_subject",
            ),
        ]

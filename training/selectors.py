"""Reads for training pages: course lists and registers, trainees and their stage progress."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cycles.models import Cycle
from referrals.querysets import not_restricted_from
from training import rules
from training.configuration import TrainingSettings
from training.models import (
    Attendance,
    Course,
    CourseDay,
    Enrolment,
    SupervisionSession,
    Trainee,
)
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role


def courses_for_list(*, user):
    """Courses with their first and last day, places taken and waiting, and trainers."""
    return (
        Course.objects.visible_to(user)
        .with_places()
        .annotate(first_day=Min("days__date"), last_day=Max("days__date"))
        .prefetch_related(Prefetch("trainers", queryset=User.objects.order_by("full_name")))
    )


def course_list(*, user, today: date | None = None) -> tuple[list[Course], list[Course]]:
    """Coming courses (soonest first) and past ones (latest first)."""
    today = today or timezone.localdate()
    courses = courses_for_list(user=user)
    coming = courses.filter(Q(last_day__gte=today) | Q(last_day__isnull=True)).order_by(
        "first_day", "pk"
    )
    past = courses.filter(last_day__lt=today).order_by("-last_day", "-pk")
    return list(coming), list(past)


def course_for_page(*, user, pk: int) -> Course:
    """One course the user may see, with its days and trainers; 404 otherwise."""
    queryset = (
        Course.objects.visible_to(user)
        .with_places()
        .prefetch_related(
            Prefetch("days", queryset=CourseDay.objects.order_by("number")),
            Prefetch("trainers", queryset=User.objects.order_by("full_name")),
        )
    )
    return get_object_or_404(queryset, pk=pk)


@dataclass
class RegisterRow:
    """One participant's line in the attendance register."""

    enrolment: Enrolment
    cells: list[tuple[CourseDay, Attendance | None]] = field(default_factory=list)

    @property
    def completed_days(self) -> int:
        return sum(1 for _, attendance in self.cells if attendance and attendance.completed)

    @property
    def recorded(self) -> bool:
        return any(attendance is not None for _, attendance in self.cells)

    @property
    def completed(self) -> bool:
        return rules.course_completed(days=len(self.cells), completed_days=self.completed_days)


@dataclass
class CoursePage:
    """What the course page shows: participants with attendance, the waiting list, the rest."""

    course: Course
    days: list[CourseDay]
    register: list[RegisterRow]
    waiting: list[Enrolment]
    withdrawn: list[Enrolment]
    recently_promoted: list[Enrolment]

    @property
    def enrolled_count(self) -> int:
        return len(self.register)

    @property
    def places_left(self) -> int:
        return max(self.course.capacity - self.enrolled_count, 0)

    @property
    def started(self) -> bool:
        return bool(self.days) and self.days[0].date <= timezone.localdate()


def course_page(*, course: Course) -> CoursePage:
    """The course's participants, waiting list and register, in a fixed number of queries."""
    days = list(course.days.all())
    enrolments = list(
        course.enrolments.select_related("user").prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.order_by("day__number"))
        )
    )
    register = []
    for enrolment in enrolments:
        if enrolment.status != Enrolment.Status.ENROLLED:
            continue
        by_day = {attendance.day_id: attendance for attendance in enrolment.attendances.all()}
        register.append(RegisterRow(enrolment, [(day, by_day.get(day.pk)) for day in days]))
    waiting = sorted(
        (e for e in enrolments if e.status == Enrolment.Status.WAITING),
        key=lambda e: (e.created_at, e.pk),
    )
    withdrawn = [e for e in enrolments if e.status == Enrolment.Status.WITHDRAWN]
    promoted = sorted(
        (e for e in enrolments if e.promoted_at and e.status == Enrolment.Status.ENROLLED),
        key=lambda e: e.promoted_at,
        reverse=True,
    )
    return CoursePage(course, days, register, waiting, withdrawn, promoted)


def enrolment_on(*, course: Course, pk: int) -> Enrolment:
    """One enrolment on the course; 404 otherwise."""
    return get_object_or_404(course.enrolments, pk=pk)


def day_of(*, course: Course, number: int) -> CourseDay:
    """Day n of the course; 404 otherwise."""
    return get_object_or_404(course.days, number=number)


# --- Trainees -------------------------------------------------------------------------------


def _counted_cycles():
    """Cycles that count for a trainee: on cases they guide, shared review held in the stage."""
    return Cycle.objects.filter(
        case__guider_id=OuterRef("user_id"),
        status=Cycle.Status.REVIEWED,
        review__held_on__gte=OuterRef("stage_started_on"),
    )


def with_progress(queryset):
    """Annotate trainees with the current stage's cycles, clients, minutes and last session."""
    cycles = (
        _counted_cycles().order_by().values("case__guider_id").annotate(n=Count("pk")).values("n")
    )
    clients = (
        _counted_cycles()
        .order_by()
        .values("case__guider_id")
        .annotate(n=Count("case_id", distinct=True))
        .values("n")
    )
    minutes = (
        SupervisionSession.objects.filter(
            trainee_id=OuterRef("pk"), held_on__gte=OuterRef("stage_started_on")
        )
        .order_by()
        .values("trainee_id")
        .annotate(n=Sum("minutes"))
        .values("n")
    )
    last = (
        SupervisionSession.objects.filter(trainee_id=OuterRef("pk"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    return queryset.select_related("user", "supervisor", "course").annotate(
        guided_cycles=Coalesce(Subquery(cycles, output_field=IntegerField()), 0),
        guided_clients=Coalesce(Subquery(clients, output_field=IntegerField()), 0),
        stage_minutes=Coalesce(Subquery(minutes, output_field=IntegerField()), 0),
        last_supervision_on=Subquery(last),
    )


def requirements() -> dict[int, rules.Requirement]:
    """The stage table from configuration, as rules' requirements."""
    return {
        row.stage: rules.Requirement(
            stage=row.stage,
            cycles=row.cycles,
            clients=row.clients,
            supervision_hours=row.supervision_hours,
            ends_with=row.ends_with,
        )
        for row in TrainingSettings.load().stages.all()
    }


def progress_of(trainee: Trainee, table: dict[int, rules.Requirement]) -> rules.StageProgress:
    """The trainee's progress in their current stage (the trainee annotated by with_progress).

    A guider here has their cycles and clients counted from their cases; an external trainee
    has the numbers their supervisor entered.
    """
    if trainee.is_external:
        cycles, clients = trainee.external_cycles, trainee.external_clients
    else:
        cycles, clients = trainee.guided_cycles, trainee.guided_clients
    return rules.StageProgress(
        requirement=table[trainee.stage],
        cycles=cycles,
        clients=clients,
        supervision_minutes=trainee.stage_minutes,
    )


def attach_progress(trainees, *, today: date | None = None) -> list[Trainee]:
    """Give each annotated trainee `.progress` and `.supervision_due`."""
    today = today or timezone.localdate()
    table = requirements()
    trainees = list(trainees)
    for trainee in trainees:
        trainee.progress = progress_of(trainee, table) if trainee.status == "in_training" else None
        trainee.bars = progress_bars(trainee.progress) if trainee.progress else []
        trainee.supervision_due = trainee.status == "in_training" and rules.supervision_due(
            last_held_on=trainee.last_supervision_on, today=today
        )
    return trainees


def trainee_list(*, user):
    """The trainees the user may see, with progress, in training first."""
    trainees = with_progress(Trainee.objects.visible_to(user))
    # "in_training" sorts after "accredited": descending puts those in training first.
    return attach_progress(trainees.order_by("-status", "stage", "full_name", "pk"))


def supervisees(*, user) -> list[Trainee]:
    """The trainees this supervisor supervises, still in training, with progress."""
    trainees = with_progress(Trainee.objects.filter(supervisor=user).in_training())
    return attach_progress(trainees.order_by("stage", "full_name", "pk"))


def trainee_for_page(*, user, pk: int) -> Trainee:
    """One trainee the user may see, with progress; 404 otherwise."""
    trainee = get_object_or_404(with_progress(Trainee.objects.visible_to(user)), pk=pk)
    attach_progress([trainee])
    return trainee


def trainee_to_change(*, user, pk: int) -> Trainee:
    """A trainee in training whom the user supervises (or any, for a coordinator); else 404."""
    trainee = trainee_for_page(user=user, pk=pk)
    supervises = user.has_role(Role.SUPERVISOR) and trainee.supervisor_id == user.pk
    if not (supervises or user.has_role(Role.COORDINATOR)):
        raise Http404
    if trainee.status != Trainee.Status.IN_TRAINING:
        raise Http404
    return trainee


def trainee_sessions(trainee: Trainee):
    """The trainee's supervision sessions, latest first."""
    return trainee.supervision_sessions.select_related("supervisor", "case__referral", "cycle")


def trainee_sign_offs(trainee: Trainee):
    """The stages signed off so far."""
    return trainee.sign_offs.select_related("signed_off_by")


def trainee_timeline(trainee: Trainee):
    """The trainee's events, latest first."""
    return trainee.events.select_related("actor").order_by("-occurred_at", "-pk")


def supervisors():
    """Active users who hold the supervisor role, for choosing a trainee's supervisor."""
    return User.objects.filter(is_active=True, groups__name=Role.SUPERVISOR).order_by("full_name")


def trainers():
    """Active accredited supervisors, who train on courses."""
    return supervisors()


def guiders_without_trainee_record():
    """Guiders here who could be linked to a new trainee record."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.GUIDER)
        .exclude(trainee_records__isnull=False)
        .order_by("full_name")
    )


def trainee_cases(trainee: Trainee, *, viewer):
    """The trainee's own cases (as guider), for linking a supervision session to one; a
    restricted child's only when the viewer is named (docs/architecture.md)."""
    if trainee.user_id is None:
        return []
    from_cases = (
        Cycle.objects.filter(case__guider_id=trainee.user_id)
        .filter(not_restricted_from(viewer, "case__referral__child"))
        .select_related("case__referral")
    )
    return list(from_cases.order_by("case_id", "number"))


@dataclass(frozen=True)
class Bar:
    """One progress bar: what it measures, done against required."""

    key: str
    label: str
    done: float
    required: int
    met: bool

    @property
    def maximum(self) -> float:
        """The bar's length; a requirement of 0 shows as a full bar."""
        return self.required or 1

    @property
    def value(self) -> float:
        return min(self.done, self.maximum) if self.required else 1

    @property
    def text(self) -> str:
        return f"{self.done:g} of {self.required}"


def progress_bars(progress: rules.StageProgress) -> list[Bar]:
    """Cycles, clients and supervision hours for the stage, as bars."""
    requirement = progress.requirement
    return [
        Bar("cycles", "Cycles", progress.cycles, requirement.cycles, progress.cycles_met),
        Bar("clients", "Clients", progress.clients, requirement.clients, progress.clients_met),
        Bar(
            "supervision",
            "Supervision hours",
            progress.supervision_hours,
            requirement.supervision_hours,
            progress.supervision_met,
        ),
    ]

"""Writes for training. Each locks the course or trainee row and writes an event row with it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from cases.models import Case
from cycles.models import Cycle
from training import rules, selectors
from training.configuration import STAGES, StageRequirement, TrainingSettings
from training.errors import TrainingError
from training.models import (
    Attendance,
    Course,
    CourseDay,
    Enrolment,
    StageSignOff,
    SupervisionSession,
    Trainee,
    TrainingEvent,
)
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.services import (
    settings_section_update,
)
from vig_service.core.transitions import lock, transition

CourseStatus = Course.Status
EnrolmentStatus = Enrolment.Status
COURSE_STATUS = TrainingEvent.Action.COURSE_STATUS


def _check(rule, *args, **kwargs):
    """Apply a pure rule, turning its refusal into a TrainingError."""
    try:
        return rule(*args, **kwargs)
    except rules.RuleBroken as broken:
        raise TrainingError(broken.message) from broken


def _full_clean(instance, **kwargs) -> None:
    """Model validation as a last guard; forms give the friendlier messages first."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as invalid:
        raise TrainingError(" ".join(invalid.messages)) from invalid


def _event(*, by, action, course=None, enrolment=None, trainee=None, note="", **statuses):
    return TrainingEvent.objects.create(
        actor=by,
        action=action,
        course=course,
        enrolment=enrolment,
        trainee=trainee,
        note=note,
        from_status=statuses.get("from_status", ""),
        to_status=statuses.get("to_status", ""),
    )


# --- Courses --------------------------------------------------------------------------------


def _lock_course(course_id: int) -> Course:
    """Lock the course row: places, the waiting list and the register all depend on it."""
    return lock(Course.objects, pk=course_id)


def _check_trainers(trainers) -> list[User]:
    trainers = list(trainers or [])
    for trainer in trainers:
        if not trainer.is_active or not trainer.has_role(Role.SUPERVISOR):
            raise TrainingError(f"{trainer} cannot train on a course: choose a supervisor")
    return trainers


def _set_days(course: Course, day_dates: list[date]) -> None:
    """Give the course exactly these days, keeping days (and their attendance) that remain."""
    existing = {day.number: day for day in course.days.all()}
    for number, day_date in enumerate(day_dates, start=1):
        day = existing.pop(number, None)
        if day is None:
            CourseDay.objects.create(course=course, number=number, date=day_date)
        elif day.date != day_date:
            day.date = day_date
            day.save(update_fields=["date"])
    for day in existing.values():
        if day.attendances.exists():
            raise TrainingError(
                f"Day {day.number} has attendance recorded, so it cannot be removed"
            )
        day.delete()


@transaction.atomic
def course_create(
    *,
    by: User,
    kind: str,
    venue: str,
    day_dates: list[date],
    capacity: int | None = None,
    trainers=(),
    notes: str = "",
) -> Course:
    """Plan a course with its days in order; places default to the configured number."""
    _check(rules.check_day_dates, list(day_dates))
    if capacity is None:
        capacity = TrainingSettings.load().course_capacity
    _check(rules.check_capacity, capacity=capacity, enrolled=0)
    course = Course(kind=kind, venue=(venue or "").strip(), capacity=capacity, notes=notes)
    _full_clean(course)
    course.save()
    course.trainers.set(_check_trainers(trainers))
    _set_days(course, list(day_dates))
    _event(
        by=by,
        action=TrainingEvent.Action.COURSE_CREATED,
        course=course,
        to_status=course.status,
        note=f"{course.get_kind_display()} at {course.venue}, {rules.counted(capacity, 'place')}",
    )
    return course


@transaction.atomic
def course_update(
    *,
    course_id: int,
    by: User,
    kind: str,
    venue: str,
    day_dates: list[date],
    capacity: int,
    trainers=(),
    notes: str = "",
) -> tuple[Course, list[Enrolment]]:
    """Change a course's details; more places promote people waiting. Returns who moved up."""
    course = _lock_course(course_id)
    if course.status == CourseStatus.CLOSED:
        raise TrainingError("This course is closed, so it can no longer be changed")
    _check(rules.check_day_dates, list(day_dates))
    enrolled = course.enrolments.enrolled().count()
    _check(rules.check_capacity, capacity=capacity, enrolled=enrolled)
    course.kind, course.venue, course.capacity, course.notes = kind, venue.strip(), capacity, notes
    _full_clean(course)
    course.save(update_fields=["kind", "venue", "capacity", "notes", "updated_at"])
    course.trainers.set(_check_trainers(trainers))
    _set_days(course, list(day_dates))
    _event(by=by, action=TrainingEvent.Action.COURSE_CHANGED, course=course, note="Details saved")
    promoted = _fill_places(course, by=by)
    return course, promoted


@transaction.atomic
def course_open(*, course_id: int, by: User) -> Course:
    """Open a planned course for enrolment."""
    course = _lock_course(course_id)
    transition(course, to=CourseStatus.OPEN, by=by, action=COURSE_STATUS)
    return course


@transaction.atomic
def course_mark_delivered(*, course_id: int, by: User) -> Course:
    """Record that the course took place; only once its last day has come."""
    course = _lock_course(course_id)
    last = course.days.aggregate(last=Max("date"))["last"]
    if course.can_become(CourseStatus.DELIVERED) and last and last > timezone.localdate():
        raise TrainingError(
            "The course cannot be marked as delivered before its last day "
            f"({rules.long_date(last)})"
        )
    transition(course, to=CourseStatus.DELIVERED, by=by, action=COURSE_STATUS)
    return course


@transaction.atomic
def course_close(*, course_id: int, by: User) -> Course:
    """Close a delivered course: its register is final."""
    course = _lock_course(course_id)
    transition(course, to=CourseStatus.CLOSED, by=by, action=COURSE_STATUS)
    return course


COURSE_MOVES = {
    CourseStatus.OPEN: course_open,
    CourseStatus.DELIVERED: course_mark_delivered,
    CourseStatus.CLOSED: course_close,
}


# --- Enrolment and the waiting list ---------------------------------------------------------


def _check_enrolling(course: Course) -> None:
    if course.status == CourseStatus.PLANNED:
        raise TrainingError("Open the course for enrolment before you enrol anyone")
    if course.status not in (CourseStatus.OPEN, CourseStatus.FULL):
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so nobody can be enrolled"
        )


def _sync_full(course: Course, *, by) -> None:
    """Full when every place is taken, open again when one frees."""
    enrolled = course.enrolments.enrolled().count()
    if course.status == CourseStatus.OPEN and enrolled >= course.capacity:
        transition(
            course, to=CourseStatus.FULL, by=by, action=COURSE_STATUS, note="Every place is taken"
        )
    elif course.status == CourseStatus.FULL and enrolled < course.capacity:
        transition(
            course, to=CourseStatus.OPEN, by=by, action=COURSE_STATUS, note="A place is free"
        )


def _renumber_waiting(course: Course) -> None:
    """Close the gaps in the waiting list: 1, 2, 3 in the order people joined it."""
    for position, enrolment in enumerate(course.enrolments.waiting(), start=1):
        if enrolment.waiting_position != position:
            enrolment.waiting_position = position
            enrolment.save(update_fields=["waiting_position"])


def _fill_places(course: Course, *, by) -> list[Enrolment]:
    """Offer free places to the first people on the waiting list, in order."""
    promoted = []
    if course.status in (CourseStatus.OPEN, CourseStatus.FULL):
        free = course.capacity - course.enrolments.enrolled().count()
        for enrolment in list(course.enrolments.waiting()[: max(free, 0)]):
            enrolment.status = EnrolmentStatus.ENROLLED
            enrolment.waiting_position = None
            enrolment.promoted_at = timezone.now()
            enrolment.save(update_fields=["status", "waiting_position", "promoted_at"])
            _event(
                by=by,
                action=TrainingEvent.Action.PROMOTED,
                course=course,
                enrolment=enrolment,
                from_status=EnrolmentStatus.WAITING,
                to_status=EnrolmentStatus.ENROLLED,
                note=f"{enrolment.full_name} moved up from the waiting list and has a place",
            )
            promoted.append(enrolment)
        _renumber_waiting(course)
        _sync_full(course, by=by)
    return promoted


@transaction.atomic
def enrolment_add(
    *,
    course_id: int,
    by: User,
    full_name: str,
    email: str,
    profession: str,
    organisation: str,
    user: User | None = None,
) -> Enrolment:
    """Enrol someone: a place while there is one, otherwise the end of the waiting list."""
    course = _lock_course(course_id)
    _check_enrolling(course)
    email = (email or "").strip().lower()
    existing = course.enrolments.current().filter(email__iexact=email).first()
    if existing is not None:
        where = "on the waiting list for" if existing.status == "waiting" else "enrolled on"
        raise TrainingError(f"{existing.full_name} ({email}) is already {where} this course")
    if user is None:
        # Someone who is a user here is linked to their enrolment by their address, compared
        # in the one normalised form (never iexact: PostgreSQL's UPPER() turns ı into I).
        user = User.objects.by_email(email).first()
    enrolled = course.enrolments.enrolled().count()
    status = rules.place_for(enrolled=enrolled, capacity=course.capacity)
    position = None
    if status == EnrolmentStatus.WAITING:
        position = (
            course.enrolments.waiting().aggregate(last=Max("waiting_position"))["last"] or 0
        ) + 1
    enrolment = Enrolment(
        course=course,
        full_name=(full_name or "").strip(),
        email=email,
        profession=(profession or "").strip(),
        organisation=(organisation or "").strip(),
        user=user,
        status=status,
        waiting_position=position,
    )
    _full_clean(enrolment, validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError as clash:
        # The database refuses a second current enrolment for the same address.
        raise TrainingError(f"{email} is already enrolled on this course") from clash
    _event(
        by=by,
        action=(
            TrainingEvent.Action.ENROLLED
            if status == EnrolmentStatus.ENROLLED
            else TrainingEvent.Action.WAITLISTED
        ),
        course=course,
        enrolment=enrolment,
        to_status=status,
        note=enrolment.full_name
        + (f", number {position} on the waiting list" if position else ""),
    )
    _sync_full(course, by=by)
    return enrolment


@transaction.atomic
def enrolment_withdraw(
    *, enrolment_id: int, by: User, reason: str = ""
) -> tuple[Enrolment, list[Enrolment]]:
    """Withdraw someone; a place they free goes to the first on the waiting list.

    Returns the withdrawn enrolment and whoever moved up.
    """
    course_id = Enrolment.objects.values_list("course_id", flat=True).get(pk=enrolment_id)
    course = _lock_course(course_id)
    enrolment = course.enrolments.select_for_update().get(pk=enrolment_id)
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise TrainingError(f"{enrolment.full_name} has already withdrawn")
    if course.status not in (CourseStatus.PLANNED, CourseStatus.OPEN, CourseStatus.FULL):
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so nobody can withdraw"
        )
    before = enrolment.status
    enrolment.status = EnrolmentStatus.WITHDRAWN
    enrolment.waiting_position = None
    enrolment.withdrawn_reason = (reason or "").strip()
    enrolment.save(update_fields=["status", "waiting_position", "withdrawn_reason"])
    _event(
        by=by,
        action=TrainingEvent.Action.WITHDRAWN,
        course=course,
        enrolment=enrolment,
        from_status=before,
        to_status=EnrolmentStatus.WITHDRAWN,
        note=enrolment.full_name + (f": {enrolment.withdrawn_reason}" if reason else ""),
    )
    promoted = _fill_places(course, by=by)
    if before == EnrolmentStatus.WAITING:
        _renumber_waiting(course)
    return enrolment, promoted


# --- Attendance -----------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, day_id: int, by: User, attended_ids) -> list[Attendance]:
    """Record who attended a course day: everyone enrolled is marked present or absent."""
    course_id = CourseDay.objects.values_list("course_id", flat=True).get(pk=day_id)
    course = _lock_course(course_id)
    if course.status in (CourseStatus.PLANNED, CourseStatus.CLOSED):
        raise TrainingError(
            f"This course is {course.get_status_display().lower()}, so attendance cannot be "
            "recorded"
        )
    day = course.days.get(pk=day_id)
    first_day = course.days.order_by("number").first()
    _check(
        rules.check_attendance_day,
        day_date=day.date,
        first_day=first_day.date,
        today=timezone.localdate(),
        number=day.number,
    )
    attended_ids = {int(pk) for pk in attended_ids}
    enrolments = list(course.enrolments.enrolled())
    if attended_ids - {e.pk for e in enrolments}:
        raise TrainingError("Choose only people enrolled on this course")
    existing = {a.enrolment_id: a for a in day.attendances.select_for_update()}
    saved = []
    for enrolment in enrolments:
        attended = enrolment.pk in attended_ids
        attendance = existing.get(enrolment.pk)
        if attendance is None:
            attendance = Attendance.objects.create(
                enrolment=enrolment, day=day, attended=attended, recorded_by=by
            )
        elif attendance.attended != attended:
            attendance.attended = attended
            if attended:
                attendance.made_up_on = None
            attendance.recorded_by = by
            attendance.save(update_fields=["attended", "made_up_on", "recorded_by", "updated_at"])
        saved.append(attendance)
    present = sum(1 for a in saved if a.attended)
    _event(
        by=by,
        action=TrainingEvent.Action.ATTENDANCE_RECORDED,
        course=course,
        note=f"Day {day.number}: {present} of {len(saved)} attended",
    )
    return saved


@transaction.atomic
def attendance_make_up(
    *, enrolment_id: int, day_id: int, by: User, made_up_on: date
) -> Attendance:
    """Record that a participant made up a day they missed."""
    course_id = CourseDay.objects.values_list("course_id", flat=True).get(pk=day_id)
    course = _lock_course(course_id)
    day = course.days.get(pk=day_id)
    enrolment = course.enrolments.get(pk=enrolment_id)
    attendance = Attendance.objects.filter(enrolment=enrolment, day=day).first()
    if attendance is None:
        raise TrainingError(f"Record the attendance for day {day.number} first")
    if attendance.attended:
        raise TrainingError(f"{enrolment.full_name} attended day {day.number}: nothing to make up")
    _check(
        rules.check_make_up, made_up_on=made_up_on, day_date=day.date, today=timezone.localdate()
    )
    attendance.made_up_on = made_up_on
    attendance.recorded_by = by
    attendance.save(update_fields=["made_up_on", "recorded_by", "updated_at"])
    _event(
        by=by,
        action=TrainingEvent.Action.MADE_UP,
        course=course,
        enrolment=enrolment,
        note=f"{enrolment.full_name} made up day {day.number} on {rules.long_date(made_up_on)}",
    )
    return attendance


# --- Trainees -------------------------------------------------------------------------------


def _check_supervisor(supervisor: User) -> None:
    if not supervisor.has_role(Role.SUPERVISOR):
        raise TrainingError(f"Choose a supervisor: {supervisor} is not a supervisor")
    if not supervisor.is_active:
        raise TrainingError(f"{supervisor}'s account is deactivated; choose another supervisor")


@transaction.atomic
def trainee_add(
    *,
    by: User,
    full_name: str,
    email: str,
    supervisor: User,
    stage_started_on: date,
    user: User | None = None,
    course: Course | None = None,
    stage: int = 1,
) -> Trainee:
    """Start a trainee's supervised practice, at stage 1 unless they come further along."""
    _check_supervisor(supervisor)
    if user is not None and user.pk == supervisor.pk:
        raise TrainingError("A trainee cannot be their own supervisor")
    if user is not None and Trainee.objects.filter(user=user).exists():
        raise TrainingError(f"{user} already has a trainee record")
    if stage not in STAGES:
        raise TrainingError("Choose stage 1, 2 or 3")
    _check(
        rules.check_not_future,
        stage_started_on,
        today=timezone.localdate(),
        what="The date the stage started",
    )
    trainee = Trainee(
        user=user,
        full_name=(full_name or "").strip(),
        email=(email or "").strip().lower(),
        supervisor=supervisor,
        course=course,
        stage=stage,
        stage_started_on=stage_started_on,
    )
    _full_clean(trainee)
    trainee.save()
    _event(
        by=by,
        action=TrainingEvent.Action.TRAINEE_ADDED,
        trainee=trainee,
        to_status=trainee.status,
        note=f"Stage {stage} from {rules.long_date(stage_started_on)}, supervised by {supervisor}",
    )
    return trainee


def _lock_trainee(trainee_id: int) -> Trainee:
    return Trainee.objects.select_for_update().get(pk=trainee_id)


@transaction.atomic
def supervision_session_record(
    *,
    trainee_id: int,
    by: User,
    supervisor: User,
    held_on: date,
    minutes: int,
    case: Case | None = None,
    cycle: Cycle | None = None,
    notes: str = "",
) -> SupervisionSession:
    """Record a supervision session: a date, a supervisor, a length over 0, the case if any."""
    trainee = _lock_trainee(trainee_id)
    _check_supervisor(supervisor)
    minutes = _check(rules.check_minutes, minutes)
    _check(
        rules.check_not_future, held_on, today=timezone.localdate(), what="The date of the session"
    )
    if cycle is not None:
        case = case or cycle.case
        if cycle.case_id != case.pk:
            raise TrainingError("Choose a cycle of the case the session was about")
    if case is not None and (trainee.user_id is None or case.guider_id != trainee.user_id):
        raise TrainingError(f"Choose one of {trainee.full_name}'s own cases")
    session = SupervisionSession(
        trainee=trainee,
        supervisor=supervisor,
        held_on=held_on,
        minutes=minutes,
        case=case,
        cycle=cycle,
        notes=(notes or "").strip(),
        recorded_by=by,
    )
    _full_clean(session)
    session.save()
    _event(
        by=by,
        action=TrainingEvent.Action.SUPERVISION_RECORDED,
        trainee=trainee,
        note=f"{rules.counted(minutes, 'minute')} with {supervisor} on {rules.long_date(held_on)}",
    )
    return session


@transaction.atomic
def trainee_enter_counts(*, trainee_id: int, by: User, cycles: int, clients: int) -> Trainee:
    """The supervisor enters an external trainee's cycles and clients in the current stage."""
    trainee = _lock_trainee(trainee_id)
    if not trainee.is_external:
        raise TrainingError(
            f"{trainee.full_name}'s cycles and clients are counted from their cases here"
        )
    if cycles < 0 or clients < 0:
        raise TrainingError("Enter 0 or more")
    if clients > cycles:
        raise TrainingError("There cannot be more clients than cycles")
    trainee.external_cycles, trainee.external_clients = cycles, clients
    trainee.save(update_fields=["external_cycles", "external_clients", "updated_at"])
    _event(
        by=by,
        action=TrainingEvent.Action.COUNTS_ENTERED,
        trainee=trainee,
        note=(
            f"Stage {trainee.stage}: {rules.counted(cycles, 'cycle')} "
            f"with {rules.counted(clients, 'client')}"
        ),
    )
    return trainee


@transaction.atomic
def stage_sign_off(*, trainee_id: int, by: User, reason: str = "") -> StageSignOff:
    """A supervisor signs off the current stage: met, or early with a reason. Then the next."""
    trainee = _lock_trainee(trainee_id)
    if not by.has_role(Role.SUPERVISOR):
        raise TrainingError("Only a supervisor can sign off a stage")
    if trainee.status == Trainee.Status.ACCREDITED:
        raise TrainingError(f"{trainee.full_name} is already accredited")
    annotated = selectors.with_progress(Trainee.objects.filter(pk=trainee.pk)).get()
    progress = selectors.progress_of(annotated, selectors.requirements())
    met = _check(rules.check_sign_off, progress=progress, reason=reason)
    now = timezone.now()
    sign_off = StageSignOff(
        trainee=trainee,
        stage=trainee.stage,
        signed_off_by=by,
        signed_off_at=now,
        requirements_met=met,
        reason=(reason or "").strip(),
        cycles=progress.cycles,
        clients=progress.clients,
        supervision_minutes=progress.supervision_minutes,
    )
    _full_clean(sign_off)
    sign_off.save()
    finished = trainee.stage
    following = rules.next_stage(finished)
    note = f"Stage {finished} signed off" + ("" if met else f" early: {sign_off.reason}")
    _event(
        by=by,
        action=TrainingEvent.Action.STAGE_SIGNED_OFF,
        trainee=trainee,
        note=note,
        from_status=f"stage {finished}",
        to_status=f"stage {following}" if following else Trainee.Status.ACCREDITED,
    )
    today = timezone.localdate()
    if following is None:
        trainee.status = Trainee.Status.ACCREDITED
        trainee.accredited_on = today
        trainee.save(update_fields=["status", "accredited_on", "updated_at"])
        _event(
            by=by,
            action=TrainingEvent.Action.ACCREDITED,
            trainee=trainee,
            from_status=Trainee.Status.IN_TRAINING,
            to_status=Trainee.Status.ACCREDITED,
            note=f"Accredited on {rules.long_date(today)}",
        )
    else:
        trainee.stage = following
        trainee.stage_started_on = today
        trainee.external_cycles = trainee.external_clients = 0
        trainee.save(
            update_fields=[
                "stage",
                "stage_started_on",
                "external_cycles",
                "external_clients",
                "updated_at",
            ]
        )
    return sign_off


# --- Configuration --------------------------------------------------------------------------


def training_settings_update(
    *, loaded_at: str, changes: dict, stages: dict[int, dict], by: User
) -> TrainingSettings:
    """Save the course capacity and the stage table, refusing a stale form."""

    def save_stages(settings: TrainingSettings) -> list[str]:
        changed = []
        for row in StageRequirement.objects.select_for_update().filter(settings=settings):
            values = stages.get(row.stage, {})
            fields = [name for name, value in values.items() if getattr(row, name) != value]
            if fields:
                for name in fields:
                    setattr(row, name, values[name])
                row.full_clean()
                row.save(update_fields=fields)
                changed.append(f"Stage {row.stage}")
        return changed

    return settings_section_update(
        TrainingSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_stages
    )

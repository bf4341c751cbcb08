"""Trainee writes: a new trainee, supervision sessions, external counts, stage sign-off."""

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from cycles.models import Cycle
from training import rules, selectors
from training.configuration import STAGES, TrainingSettings
from training.errors import TrainingError
from training.models import Course, StageSignOff, SupervisionSession, Trainee, TrainingEvent
from training.services._common import _check, _event, _full_clean
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.email import send_after_commit


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


def _tell_trainee(trainee: Trainee, *, stage: int, accredited: bool, site_url: str) -> None:
    """E-mail a trainee who is a user here their signed-off stage, when the settings say so."""
    # An external trainee has no account to follow the link with.
    if trainee.user is None or not trainee.user.is_active:
        return
    settings = TrainingSettings.load()
    # The last sign-off accredits: one e-mail says both, or says only the sign-off when the
    # accreditation e-mail is turned off.
    if accredited and settings.email_trainee_on_accreditation:
        template = "training/email/accredited"
    elif settings.email_trainee_on_sign_off:
        template = "training/email/stage_signed_off"
    else:
        return
    send_after_commit(
        template=template,
        to=[trainee.user.email],
        context={
            "stage": stage,
            "url": site_url.rstrip("/") + reverse("training:trainee_detail", args=[trainee.pk]),
        },
    )


@transaction.atomic
def stage_sign_off(
    *, trainee_id: int, by: User, reason: str = "", site_url: str = ""
) -> StageSignOff:
    """A supervisor signs off the current stage: met, or early with a reason. Then the next.

    The trainee, when a user here, is e-mailed once it commits.
    """
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
    _tell_trainee(trainee, stage=finished, accredited=following is None, site_url=site_url)
    return sign_off

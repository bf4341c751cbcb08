"""Trainee pages: the list, a new trainee, the stage tracker, supervision and sign-off."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from training import forms, rules, selectors, services
from training.models import Course, Trainee
from training.views._common import SESSION_RECORDERS, TRAINEE_READERS, _training_form_page
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import held_on_from


@role_required(Role.COORDINATOR, Role.SUPERVISOR)
def trainee_list(request):
    """Trainees with their stage and progress: all for coordinators, supervisees otherwise."""
    return render(
        request,
        "training/trainee_list.html",
        {
            "trainees": selectors.trainee_list(user=request.user),
            "can_add": request.user.has_role(Role.COORDINATOR),
        },
    )


@role_required(Role.COORDINATOR)
def trainee_create(request):
    """Start a trainee's supervised practice after their course."""
    guiders = list(selectors.guiders_without_trainee_record())
    supervisors = list(selectors.supervisors())
    courses = list(Course.objects.order_by("-created_at")[:50])
    form = forms.TraineeForm(
        request.POST or None,
        guiders=guiders,
        supervisors=supervisors,
        courses=courses,
        initial={"stage": 1},
    )

    def run(data):
        trainee = services.trainee_add(
            by=request.user,
            full_name=data["full_name"],
            email=data["email"],
            user=data["user_obj"],
            supervisor=data["supervisor_obj"],
            course=data["course_obj"],
            stage=data["stage"],
            stage_started_on=data["stage_started_on"],
        )
        return f"{trainee.full_name} added as a trainee", trainee

    return _training_form_page(
        request, form, title="Add a trainee", back=reverse("training:trainee_list"), save=run
    )


def _trainee(request, pk) -> Trainee:
    return selectors.trainee_for_page(user=request.user, pk=pk)


def _is_their_supervisor(user, trainee) -> bool:
    return user.has_role(Role.SUPERVISOR) and trainee.supervisor_id == user.pk


@role_required(*TRAINEE_READERS)
def trainee_detail(request, pk):
    """The stage tracker: this stage's cycles, clients and supervision against the table."""
    return _trainee_page(request, _trainee(request, pk))


def _trainee_page(request, trainee):
    user = request.user
    supervises = _is_their_supervisor(user, trainee)
    in_training = trainee.status == Trainee.Status.IN_TRAINING
    return render(
        request,
        "training/trainee_detail.html",
        {
            "trainee": trainee,
            "progress": trainee.progress,
            "table": selectors.requirements(),
            "sessions": list(selectors.trainee_sessions(trainee)),
            "sign_offs": list(selectors.trainee_sign_offs(trainee)),
            "timeline": list(selectors.trainee_timeline(trainee)[:20]),
            "can_record": in_training and (supervises or user.has_role(Role.COORDINATOR)),
            "can_sign_off": in_training and supervises,
            "can_enter_counts": in_training
            and trainee.is_external
            and (supervises or user.has_role(Role.COORDINATOR)),
        },
    )


def _trainee_to_change(request, pk) -> Trainee:
    return selectors.trainee_to_change(user=request.user, pk=pk)


@role_required(*SESSION_RECORDERS)
def supervision_add(request, pk):
    """Record a supervision session for a trainee."""
    trainee = _trainee_to_change(request, pk)
    supervisors = list(selectors.supervisors())
    initial = {"supervisor": request.user.pk} if request.user in supervisors else {}
    if request.method == "GET" and (day := held_on_from(request)):
        initial["held_on"] = day
    form = forms.SupervisionSessionForm(
        request.POST or None,
        supervisors=supervisors,
        cycles=selectors.trainee_cases(trainee, viewer=request.user),
        initial=initial,
    )

    def run(data):
        cycle = data["cycle_obj"]
        session = services.supervision_session_record(
            trainee_id=trainee.pk,
            by=request.user,
            supervisor=data["supervisor_obj"],
            held_on=data["held_on"],
            minutes=data["minutes"],
            case=cycle.case if cycle else None,
            cycle=cycle,
            notes=data["notes"],
        )
        return f"Supervision session of {rules.counted(session.minutes, 'minute')} saved"

    return _training_form_page(
        request,
        form,
        title=f"Record a supervision session with {trainee.full_name}",
        back=trainee.get_absolute_url(),
        save=run,
        done="Supervision saved",
        context={"trainee": trainee},
    )


@role_required(*SESSION_RECORDERS)
def trainee_counts(request, pk):
    """An external trainee's cycles and clients this stage, entered by their supervisor."""
    trainee = _trainee_to_change(request, pk)
    if not trainee.is_external:
        raise Http404
    form = forms.CountsForm(
        request.POST or None,
        initial={"cycles": trainee.external_cycles, "clients": trainee.external_clients},
    )

    def run(data):
        services.trainee_enter_counts(
            trainee_id=trainee.pk, by=request.user, cycles=data["cycles"], clients=data["clients"]
        )
        return "Cycles and clients saved"

    return _training_form_page(
        request,
        form,
        title=f"Cycles and clients for {trainee.full_name} in stage {trainee.stage}",
        back=trainee.get_absolute_url(),
        save=run,
        done="Saved",
        intro=f"{trainee.full_name} is not a guider here, so their work is entered by hand.",
        context={"trainee": trainee},
    )


@role_required(Role.SUPERVISOR)
def sign_off(request, pk):
    """The personal supervisor signs off the current stage."""
    trainee = _trainee(request, pk)
    if not _is_their_supervisor(request.user, trainee):
        raise Http404
    if trainee.status != Trainee.Status.IN_TRAINING:
        messages.error(request, f"{trainee.full_name} is already accredited")
        return redirect(trainee)
    progress = trainee.progress
    form = forms.SignOffForm(
        request.POST or None, stage=trainee.stage, met=progress.requirements_met
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.stage_sign_off(
                trainee_id=trainee.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
                site_url=request.build_absolute_uri("/"),
            )
        except services.TrainingError as refused:
            form.add_error("reason", refused.message)
        else:
            trainee.refresh_from_db()
            if trainee.status == Trainee.Status.ACCREDITED:
                message = f"Stage {done.stage} signed off. {trainee.full_name} is accredited"
            else:
                message = (
                    f"Stage {done.stage} signed off. "
                    f"{trainee.full_name} is now in stage {trainee.stage}"
                )
            messages.success(request, message)
            return redirect(trainee)
    return render(
        request,
        "training/sign_off.html",
        {"form": form, "trainee": trainee, "progress": progress},
    )


@role_required(Role.GUIDER)
def my_training(request):
    """A guider's own trainee record, if they are in supervised practice or were."""
    mine = Trainee.objects.visible_to(request.user).filter(user=request.user).first()
    if mine is not None:
        # Shown here rather than redirected, so My training stays marked in the navigation.
        return _trainee_page(request, _trainee(request, mine.pk))
    return render(request, "training/my_training.html")


@role_required(Role.SUPERVISOR)
def supervisees(request):
    """My supervisees: stage, progress, and whether supervision is due."""
    return render(
        request,
        "training/supervisees.html",
        {"trainees": selectors.supervisees(user=request.user)},
    )

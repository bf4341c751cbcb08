"""Training pages: courses and their registers, trainees, My supervisees, Configuration tab."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from training import forms, rules, selectors, services
from training.configuration import TrainingSettings
from training.models import Course, Trainee
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page
from vig_service.core.views import settings_tab

# Coordinators manage courses; managers read them for their reports.
COURSE_READERS = (Role.COORDINATOR, Role.MANAGER)
# Trainee pages: coordinators (all), supervisors (their supervisees), a trainee (their own).
TRAINEE_READERS = (Role.COORDINATOR, Role.SUPERVISOR, Role.GUIDER)
SESSION_RECORDERS = (Role.COORDINATOR, Role.SUPERVISOR)


def _training_form_page(request, form, *, back, done="", intro="", context=None, **page):
    """Core's form page for training, TrainingError refused.

    `save` returns the message, or (message, record) when the page made a new record to show.
    """

    def parts(result):
        return result if isinstance(result, tuple) else (result, back)

    return form_page(
        request,
        form,
        back=back,
        done=lambda result: parts(result)[0] or done,
        after=lambda result: parts(result)[1],
        template="training/form.html",
        refusals=(services.TrainingError,),
        context={"intro": intro, **(context or {})},
        **page,
    )


# --- Courses --------------------------------------------------------------------------------


@role_required(*COURSE_READERS)
def course_list(request):
    """Courses coming and past, with places taken and waiting."""
    coming, past = selectors.course_list(user=request.user)
    return render(
        request,
        "training/course_list.html",
        {
            "coming": coming,
            "past": past,
            "can_manage": request.user.has_role(Role.COORDINATOR),
        },
    )


@role_required(Role.COORDINATOR)
def course_create(request):
    """Plan a new course."""
    form = forms.CourseForm(
        request.POST or None,
        trainers=list(selectors.trainers()),
        initial={"capacity": TrainingSettings.load().course_capacity},
        submit_label="Create course",
    )

    def run(data):
        course = services.course_create(by=request.user, **form.course_fields())
        return f"Course created: {course}", course

    return _training_form_page(
        request, form, title="New course", back=reverse("training:course_list"), save=run
    )


@role_required(*COURSE_READERS)
def course_detail(request, pk):
    """The course: its details, participants with the register, the waiting list."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    page = selectors.course_page(course=course)
    can_manage = request.user.has_role(Role.COORDINATOR)
    # Open and full follow the places by themselves; delivered waits for the last day.
    last_day = page.days[-1].date if page.days else None
    offered = {
        Course.Status.OPEN: course.status == Course.Status.PLANNED,
        Course.Status.DELIVERED: bool(last_day) and last_day <= timezone.localdate(),
        Course.Status.CLOSED: True,
    }
    moves = [
        (status, label)
        for status, label in (
            (Course.Status.OPEN, "Open for enrolment"),
            (Course.Status.DELIVERED, "Mark as delivered"),
            (Course.Status.CLOSED, "Close the course"),
        )
        if can_manage and course.can_become(status) and offered[status]
    ]
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "page": page,
            "can_manage": can_manage,
            "moves": moves,
            "enrolling": course.status in (Course.Status.OPEN, Course.Status.FULL),
            "changeable": course.status != Course.Status.CLOSED,
            "today": timezone.localdate(),
            "events": list(
                course.events.select_related("actor").order_by("-occurred_at", "-pk")[:30]
            ),
        },
    )


@role_required(Role.COORDINATOR)
def course_edit(request, pk):
    """Change a course's details, days and places."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    form = forms.CourseForm(
        request.POST or None,
        trainers=list(selectors.trainers()),
        initial=forms.CourseForm.initial_for(course),
    )

    def run(data):
        _, promoted = services.course_update(
            course_id=course.pk, by=request.user, **form.course_fields()
        )
        return "Course saved" + _moved_up(promoted)

    return _training_form_page(
        request,
        form,
        title="Change the course",
        back=course.get_absolute_url(),
        save=run,
        done="Course saved",
        context={"course": course},
    )


def _moved_up(promoted) -> str:
    if not promoted:
        return ""
    names = ", ".join(e.full_name for e in promoted)
    return f". Moved up from the waiting list: {names}"


@require_POST
@role_required(Role.COORDINATOR)
def course_status(request, pk):
    """Open, mark delivered or close the course."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    move = services.COURSE_MOVES.get(request.POST.get("to"))
    if move is None:
        messages.error(request, "Choose what to do with the course")
        return redirect(course)
    try:
        course = move(course_id=course.pk, by=request.user)
    except services.TrainingError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"The course is now {course.get_status_display().lower()}")
    return redirect(course)


@role_required(Role.COORDINATOR)
def enrolment_add(request, pk):
    """Enrol someone: a place while there is one, otherwise the waiting list."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    form = forms.EnrolmentForm(request.POST or None)

    def run(data):
        enrolment = services.enrolment_add(
            course_id=course.pk,
            by=request.user,
            full_name=data["full_name"],
            email=data["email"],
            profession=data["profession"],
            organisation=data["organisation"],
        )
        if enrolment.status == "waiting":
            return (
                f"The course is full. {enrolment.full_name} is number "
                f"{enrolment.waiting_position} on the waiting list"
            )
        return f"{enrolment.full_name} is enrolled"

    places = course.capacity - course.enrolments.enrolled().count()
    intro = (
        f"{places} of {rules.counted(course.capacity, 'place')} left."
        if places > 0
        else "The course is full: anyone enrolled now goes on the waiting list."
    )
    return _training_form_page(
        request,
        form,
        title="Enrol someone",
        back=course.get_absolute_url(),
        save=run,
        done="Enrolled",
        intro=intro,
        context={"course": course},
    )


@role_required(Role.COORDINATOR)
def enrolment_withdraw(request, pk, enrolment_pk):
    """Withdraw someone; the first on the waiting list moves up into a freed place."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    enrolment = selectors.enrolment_on(course=course, pk=enrolment_pk)
    form = forms.WithdrawForm(request.POST or None)

    def run(data):
        withdrawn, promoted = services.enrolment_withdraw(
            enrolment_id=enrolment.pk, by=request.user, reason=data["reason"]
        )
        return f"{withdrawn.full_name} has withdrawn" + _moved_up(promoted)

    return _training_form_page(
        request,
        form,
        title=f"Withdraw {enrolment.full_name}",
        back=course.get_absolute_url(),
        save=run,
        done="Withdrawn",
        intro=(
            "The first person on the waiting list will be given the place."
            if enrolment.status == "enrolled"
            else "They will be taken off the waiting list."
        ),
        context={"course": course},
    )


@role_required(Role.COORDINATOR)
def attendance(request, pk, number):
    """The register for one day of the course."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    day = selectors.day_of(course=course, number=number)
    enrolments = list(course.enrolments.enrolled())
    present = list(day.attendances.filter(attended=True).values_list("enrolment_id", flat=True))
    form = forms.AttendanceForm(
        request.POST or None, enrolments=enrolments, initial={"attended": present}
    )

    def run(data):
        saved = services.attendance_record(
            day_id=day.pk, by=request.user, attended_ids=data["attended"]
        )
        attended = sum(1 for a in saved if a.attended)
        return f"Attendance saved for day {day.number}: {attended} of {len(saved)} attended"

    return _training_form_page(
        request,
        form,
        title=f"Attendance for day {day.number}, {rules.long_date(day.date)}",
        back=course.get_absolute_url(),
        save=run,
        done="Attendance saved",
        context={"course": course},
    )


@role_required(Role.COORDINATOR)
def make_up(request, pk, enrolment_pk, number):
    """Record that a participant made up a day they missed."""
    course = selectors.course_for_page(user=request.user, pk=pk)
    enrolment = selectors.enrolment_on(course=course, pk=enrolment_pk)
    day = selectors.day_of(course=course, number=number)
    form = forms.MakeUpForm(request.POST or None)

    def run(data):
        services.attendance_make_up(
            enrolment_id=enrolment.pk,
            day_id=day.pk,
            by=request.user,
            made_up_on=data["made_up_on"],
        )
        return f"{enrolment.full_name} made up day {day.number}"

    return _training_form_page(
        request,
        form,
        title=f"Record that {enrolment.full_name} made up day {day.number}",
        back=course.get_absolute_url(),
        save=run,
        done="Make-up recorded",
        context={"course": course},
    )


# --- Trainees -------------------------------------------------------------------------------


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
    """A trainee in training the user supervises (or any, for a coordinator); else 404."""
    trainee = _trainee(request, pk)
    allowed = _is_their_supervisor(request.user, trainee) or request.user.has_role(
        Role.COORDINATOR
    )
    if not allowed or trainee.status != Trainee.Status.IN_TRAINING:
        raise Http404
    return trainee


@role_required(*SESSION_RECORDERS)
def supervision_add(request, pk):
    """Record a supervision session for a trainee."""
    trainee = _trainee_to_change(request, pk)
    supervisors = list(selectors.supervisors())
    initial = {"supervisor": request.user.pk} if request.user in supervisors else {}
    form = forms.SupervisionSessionForm(
        request.POST or None,
        supervisors=supervisors,
        cycles=selectors.trainee_cases(trainee),
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
                trainee_id=trainee.pk, by=request.user, reason=form.cleaned_data["reason"]
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


# --- Configuration --------------------------------------------------------------------------


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Training section of the Configuration page."""
    form = forms.TrainingSettingsForm(request.POST or None, section=TrainingSettings.load())
    return settings_tab(
        request,
        form,
        template="training/configuration.html",
        saved="Training settings saved",
        save=lambda form: services.training_settings_update(
            loaded_at=form.cleaned_data["loaded_at"],
            changes=form.changes(),
            stages=form.stages(),
            by=request.user,
        ),
    )

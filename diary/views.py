"""The diary's pages: my diary, the team's week, planning and recording appointments.

The calendar feed's pages are in `diary/feed_views.py`.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.permissions import case_access
from cases.selectors import case_for_page
from cycles.models import Cycle
from diary import forms, rules, selectors, services
from diary.errors import DiaryError
from diary.models import Appointment
from training.selectors import course_for_page, trainee_to_change
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page

DIARY_ROLES = (Role.GUIDER, Role.SUPERVISOR, Role.COORDINATOR)
Kind = Appointment.Kind
OWN_KINDS = (Kind.SUPERVISION, Kind.OTHER)
# A course day in the diary runs for the working day unless the coordinator says otherwise.
COURSE_DAY_HOURS = ("09:30", "16:00")


def _week_from(request) -> date:
    """The Monday of the week asked for (?week=2026-12-07), this week otherwise."""
    try:
        asked = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        asked = timezone.localdate()
    return rules.week_start(asked)


def _page_from(request) -> int:
    """The page asked for (?page=2); the first for anything that is not a page number."""
    asked = request.GET.get("page", "")
    number = int(asked) if asked.isascii() and asked.isdigit() and len(asked) < 7 else 1
    return max(number, 1)


@role_required(*DIARY_ROLES)
def my_diary(request):
    """Today, this week and next week for the person signed in, day by day."""
    start = _week_from(request)
    days = selectors.days_of(people=[request.user], start=start, days=14, viewer=request.user)
    return render(
        request,
        "diary/my_diary.html",
        {
            "this_week": days[:7],
            "next_week": days[7:],
            "start": start,
            "today": timezone.localdate(),
            "previous": start - timedelta(days=7),
            "following": start + timedelta(days=7),
        },
    )


@role_required(Role.COORDINATOR)
def team(request):
    """Each guider's week, for a coordinator allocating work."""
    start = _week_from(request)
    week = selectors.team_week(viewer=request.user, start=start, days=5, page=_page_from(request))
    return render(
        request,
        "diary/team.html",
        {
            "days": week.days,
            "week": week,
            "page": week.page,
            "start": start,
            "previous": start - timedelta(days=7),
            "following": start + timedelta(days=7),
        },
    )


def _cycle_for(case: Case, kind: str) -> Cycle | None:
    """The cycle a filming or shared review would be for: the latest one, if it is ready."""
    latest = case.cycles.order_by("-number").first()
    if latest is None:
        return None
    return latest if latest.status in services.CYCLE_READY.get(kind, ()) else None


def _plan_page(
    request,
    *,
    kinds,
    case=None,
    cycle=None,
    course=None,
    trainee=None,
    back: str,
    initial: dict,
    title: str = "",
):
    form = forms.AppointmentForm(
        request.POST or None,
        kinds=kinds,
        people=selectors.staff_choices(),
        initial=initial,
        submit_label="Plan appointment",
    )
    warnings = _warnings(form, request.user)

    def save(data):
        return services.appointment_plan(
            by=request.user,
            kind=data["kind"],
            case_id=case.pk if case else None,
            cycle_id=cycle.pk if cycle else None,
            course_id=course.pk if course else None,
            trainee_id=trainee.pk if trainee else None,
            start_cycle=data["kind"] == Kind.FILMING and cycle is None,
            **form.service_kwargs(),
        )

    title = title or "Plan an appointment"
    if cycle is not None and len(kinds) == 1:
        title = f"Plan the {Kind(kinds[0]).label.lower()} for cycle {cycle.number}"
    elif kinds == [Kind.FILMING]:
        title = "Plan the filming for the next cycle"
    return form_page(
        request,
        form,
        title=title,
        save=save,
        done=lambda appointment: f"Planned: {appointment}",
        back=back,
        template="diary/appointment_form.html",
        context={"case": case, "warnings": warnings},
        refusals=(DiaryError,),
        after=lambda appointment: appointment.get_absolute_url(),
    )


def _warnings(form, viewer) -> list[str]:
    """Clashes and out-of-hours times, shown beside a valid form; they do not stop a save."""
    if not form.is_bound or not form.is_valid():
        return []
    data = form.cleaned_data
    notes = []
    if rules.outside_working_hours(data["starts_at"], data["ends_at"]):
        notes.append("This is outside working hours (Monday to Friday, 8am to 6pm).")
    staff = [form.people[pk] for pk in data["staff"]]
    for clash in selectors.clashes_for(
        staff=staff,
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        viewer=viewer,
        exclude_pk=form.initial.get("pk"),
    ):
        notes.append(f"It overlaps with {clash if clash.shown else 'another appointment'}.")
    return notes


def _plan_for(request, case_pk, kind: str | None):
    case = case_for_page(user=request.user, pk=case_pk)
    if not case_access(user=request.user, case=case).works_on:
        raise PermissionDenied
    cycle = _cycle_for(case, kind) if kind else None
    if kind == Kind.SHARED_REVIEW and cycle is None:
        messages.error(request, "No cycle is ready for its shared review: film it first")
        return redirect("cycles:list", case_pk=case.pk)
    # A filming with no cycle waiting for it starts the next one, within the case's limit.
    kinds = [kind] if kind else [Kind.INITIAL_VISIT, Kind.CONTRACTING_VISIT]
    staff = [case.guider_id] + ([case.co_worker_id] if case.co_worker_id else [])
    return _plan_page(
        request,
        kinds=kinds,
        case=case,
        cycle=cycle,
        back=reverse("cases:overview", args=[case.pk]),
        initial={"kind": kinds[0], "staff": staff, "place": "home"},
    )


@role_required(*DIARY_ROLES)
def plan_for_case(request, case_pk):
    """Plan an initial or contracting visit for a case."""
    return _plan_for(request, case_pk, None)


@role_required(*DIARY_ROLES)
def plan_filming(request, case_pk):
    """Plan the next filming, from the case's next action: its cycle, or the next to start."""
    return _plan_for(request, case_pk, Kind.FILMING)


@role_required(*DIARY_ROLES)
def plan_review(request, case_pk):
    """Plan the shared review of the cycle whose clips are being chosen or are chosen."""
    return _plan_for(request, case_pk, Kind.SHARED_REVIEW)


@role_required(*DIARY_ROLES)
def plan(request):
    """Plan supervision or another appointment that is not for a case."""
    return _plan_page(
        request,
        kinds=list(OWN_KINDS),
        back=reverse("diary:mine"),
        initial={"staff": [request.user.pk]},
    )


@role_required(Role.COORDINATOR)
def plan_course_day(request, course_pk, number):
    """Put one day of a course in the trainers' diaries, on the course's date for that day."""
    course = course_for_page(user=request.user, pk=course_pk)
    day = next((d for d in course.days.all() if d.number == number), None)
    if day is None:
        raise Http404
    return _plan_page(
        request,
        kinds=[Kind.COURSE_DAY],
        course=course,
        back=course.get_absolute_url(),
        title=f"Put day {day.number} in the diary: {course}",
        initial={
            "kind": Kind.COURSE_DAY,
            "day": day.date,
            "starts": COURSE_DAY_HOURS[0],
            "ends": COURSE_DAY_HOURS[1],
            "place": Appointment.Place.OTHER,
            "place_detail": course.venue,
            "staff": [trainer.pk for trainer in course.trainers.all()],
        },
    )


@role_required(Role.SUPERVISOR, Role.COORDINATOR)
def plan_supervision(request, trainee_pk):
    """Plan a supervision session with a trainee, for their supervisor (and them, if staff)."""
    trainee = trainee_to_change(user=request.user, pk=trainee_pk)
    staff = [trainee.supervisor_id] + ([trainee.user_id] if trainee.user_id else [])
    return _plan_page(
        request,
        kinds=[Kind.SUPERVISION],
        trainee=trainee,
        back=trainee.get_absolute_url(),
        title=f"Plan a supervision session with {trainee.full_name}",
        initial={"kind": Kind.SUPERVISION, "staff": staff},
    )


@role_required(*DIARY_ROLES)
def appointment(request, pk):
    """One appointment: what, when, where, who, and what can be done with it now."""
    found = selectors.appointment_for_page(user=request.user, pk=pk)
    planned = found.status == Appointment.Status.PLANNED
    started = found.starts_at <= timezone.now()
    return render(
        request,
        "diary/appointment.html",
        {
            "appointment": found,
            "case": found.case,
            "can_change": planned and not started,
            "can_hold": planned and started,
            "can_close": planned,
            "out_of_hours": rules.outside_working_hours(found.starts_at, found.ends_at),
            "events": list(found.events.select_related("actor").order_by("-occurred_at", "-pk")),
            "version_form": forms.VersionForm(initial={"version": found.version}),
        },
    )


@role_required(*DIARY_ROLES)
def change(request, pk):
    """Move or change a planned appointment."""
    found = selectors.appointment_for_page(user=request.user, pk=pk)
    initial = forms.AppointmentForm.initial_for(found) | {"pk": found.pk}
    form = forms.AppointmentForm(
        request.POST or None,
        kinds=[found.kind],
        people=selectors.staff_choices(),
        initial=initial,
        changing=True,
    )

    def save(data):
        return services.appointment_change(
            appointment_id=found.pk,
            by=request.user,
            expected_version=data["version"],
            **form.service_kwargs(),
        )

    return form_page(
        request,
        form,
        title=f"Change {found.title}",
        save=save,
        done="Appointment changed",
        back=found.get_absolute_url(),
        template="diary/appointment_form.html",
        context={"case": found.case, "warnings": _warnings(form, request.user)},
        refusals=(DiaryError,),
    )


# Where marking an appointment held leads: the cycle's own form, its date filled in.
HELD_LEADS_TO = {Kind.FILMING: "cycles:filming", Kind.SHARED_REVIEW: "cycles:review"}


@require_POST
@role_required(*DIARY_ROLES)
def hold(request, pk):
    """Mark an appointment held; a filming or shared review goes on to its cycle's form."""
    found = selectors.appointment_for_page(user=request.user, pk=pk)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, forms.STALE_FORM)
        return redirect(found)
    try:
        services.appointment_hold(
            appointment_id=found.pk, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except DiaryError as refused:
        messages.error(request, refused.message)
        return redirect(found)
    on = timezone.localtime(found.starts_at).date().isoformat()
    if found.kind in HELD_LEADS_TO and found.cycle_id:
        messages.success(request, f"{found.title} held. Now record what happened")
        return redirect(reverse(HELD_LEADS_TO[found.kind], args=[found.cycle_id]) + f"?on={on}")
    if found.kind == Kind.SUPERVISION and found.trainee_id:
        messages.success(request, f"{found.title} held. Now record the session")
        return redirect(reverse("training:supervision_add", args=[found.trainee_id]) + f"?on={on}")
    messages.success(request, f"{found.title} held")
    return redirect(found)


def _outcome_page(request, pk, *, to: str, title: str, label: str, done: str):
    found = selectors.appointment_for_page(user=request.user, pk=pk)
    form = forms.OutcomeForm(
        request.POST or None, submit_label=label, initial={"version": found.version}
    )
    return form_page(
        request,
        form,
        title=title,
        save=lambda data: services.appointment_close(
            appointment_id=found.pk,
            by=request.user,
            to=to,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        done=done,
        back=found.get_absolute_url(),
        template="diary/appointment_form.html",
        context={"case": found.case, "intro": str(found)},
        refusals=(DiaryError,),
    )


@role_required(*DIARY_ROLES)
def cancel(request, pk):
    """Cancel a planned appointment, saying why."""
    return _outcome_page(
        request,
        pk,
        to=Appointment.Status.CANCELLED,
        title="Cancel the appointment",
        label="Cancel the appointment",
        done="Appointment cancelled",
    )


@role_required(*DIARY_ROLES)
def missed(request, pk):
    """Record that the family did not attend, saying what happened."""
    return _outcome_page(
        request,
        pk,
        to=Appointment.Status.DID_NOT_ATTEND,
        title="The family did not attend",
        label="Save",
        done="Recorded as not attended",
    )

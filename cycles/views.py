"""Pages for a case's cycles: thin views over the selectors, forms and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.models import Case, CaseSettings, Consent
from cases.permissions import case_access
from cases.selectors import case_for_page
from cycles import forms, rules, selectors, services
from cycles.models import Cycle
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page, held_on_from

# Managers read the cycles of the cases near their limit, which visible_to gives them.
CASE_ROLES = (Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR, Role.MANAGER)


def _may_do(request, case: Case) -> frozenset[str]:
    """The cycle actions this user may take on the case, whatever the cycle's status."""
    access = case_access(user=request.user, case=case)
    if access.works_on:
        return frozenset(rules.ACTIONS) | {"start"}
    if access.may_record_supervision:
        return frozenset({"supervision"})
    return frozenset()


def _allowed(request, cycle: Cycle) -> frozenset[str]:
    """What the cycle's page offers: what its status allows and the user may do."""
    by_status = rules.actions_allowed(case_status=cycle.case.status, cycle_status=cycle.status)
    return by_status & _may_do(request, cycle.case)


@role_required(*CASE_ROLES)
def cycle_list(request, case_pk):
    """The Cycles tab: each cycle with its dates, clips and ratings, and starting the next."""
    case = case_for_page(user=request.user, pk=case_pk)
    cycles = selectors.cycles_for_case(case=case)
    upcoming = selectors.next_cycle(case=case, cycles=cycles)
    return render(
        request,
        "cycles/cycle_list.html",
        {
            "case": case,
            "current_tab": "cycles",
            "cycles": cycles,
            "next_cycle": upcoming,
            "can_start": "start" in _may_do(request, case),
            "start_form": forms.StartForm(initial={"number": upcoming.number}),
        },
    )


@require_POST
@role_required(*CASE_ROLES)
def start(request, case_pk):
    """Start the next cycle, if the case and its limit allow it."""
    case = case_for_page(user=request.user, pk=case_pk)
    if "start" not in _may_do(request, case):
        raise PermissionDenied
    form = forms.StartForm(request.POST)
    number = form.cleaned_data["number"] if form.is_valid() else None
    try:
        cycle = services.cycle_start(case_id=case.pk, by=request.user, number=number)
    except services.CycleAlreadyStarted as already:
        # A stale or repeated "Start cycle N": say what really happened, not "started".
        messages.info(request, already.message)
        return redirect("cycles:detail", pk=already.cycle.pk)
    except services.CycleError as refused:
        messages.error(request, refused.message)
        return redirect("cycles:list", case_pk=case.pk)
    messages.success(request, f"Cycle {cycle.number} started. Record its filming when it is done")
    return redirect("cycles:detail", pk=cycle.pk)


@role_required(*CASE_ROLES)
def detail(request, pk):
    """One cycle: filming, clips, shared review, showings and supervision, with what is next."""
    cycle = selectors.cycle_for_page(user=request.user, pk=pk)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "case": cycle.case,
            "current_tab": "cycles",
            "cycle": cycle,
            "allowed": _allowed(request, cycle),
            "remove_form": forms.RemoveClipForm(initial={"version": cycle.version}),
        },
    )


def _refused(request, cycle: Cycle, action: str):
    """Back to the cycle with the reason, when its status does not offer this page.

    Someone who may not take the action at all (a supervisor reading the case) gets a 403.
    """
    if action not in _may_do(request, cycle.case):
        raise PermissionDenied
    if action in rules.actions_allowed(case_status=cycle.case.status, cycle_status=cycle.status):
        return None
    if cycle.case.status == Case.Status.CLOSED:
        messages.error(request, services.CLOSED_MESSAGE)
    else:
        verb = rules.ACTIONS[action][0]
        messages.error(
            request,
            f"Cycle {cycle.number} is “{cycle.get_status_display()}”, so you cannot {verb} now.",
        )
    return redirect("cycles:detail", pk=cycle.pk)


def cycle_page(*, action: str, form_class, service, title: str, done: str, doc: str, **extra):
    """A cycle's form page: its status and the user checked, the form's fields to the service.

    `extra` names what the form needs from the cycle (the children, the consents…), each made
    from the cycle when the page loads.
    """

    @role_required(*CASE_ROLES)
    def view(request, pk):
        cycle = selectors.cycle_for_page(user=request.user, pk=pk)
        if refusal := _refused(request, cycle, action):
            return refusal
        needs = {name: make(cycle) for name, make in extra.items()}
        form = form_class(request.POST or None, cycle=cycle, **needs)
        if request.method == "GET" and form.date_field and (day := held_on_from(request)):
            form.initial[form.date_field] = day

        def save(data):
            service(
                cycle_id=cycle.pk,
                by=request.user,
                expected_version=data["version"],
                **form.service_kwargs(),
            )

        def reload_version(refused):
            if isinstance(refused, services.StaleCycle):
                # Sending again after a look at the cycle is a deliberate choice, not a race.
                form.data = form.data.copy()
                form.data["version"] = Cycle.objects.values_list("version", flat=True).get(pk=pk)

        return form_page(
            request,
            form,
            title=title.format(number=cycle.number),
            save=save,
            done=done.format(number=cycle.number),
            back=reverse("cycles:detail", args=[cycle.pk]),
            template="cycles/cycle_form.html",
            context={"case": cycle.case, "current_tab": "cycles", "cycle": cycle},
            refusals=(services.CycleError,),
            on_refusal=reload_version,
        )

    view.__doc__ = doc
    view.__name__ = action
    return view


# Each page of a cycle: the action its status must offer, its form, and the service it calls.
filming = cycle_page(
    action="filming",
    form_class=forms.FilmingForm,
    service=services.cycle_record_filming,
    title="Record the filming for cycle {number}",
    done="Filming recorded for cycle {number}",
    doc="Record the filming of a planned cycle.",
    children=lambda cycle: selectors.filmable_children(case=cycle.case),
)
filming_date = cycle_page(
    action="filming_date",
    form_class=forms.FilmingDateForm,
    service=services.cycle_correct_filming_date,
    title="Correct the date filmed for cycle {number}",
    done="Date filmed corrected for cycle {number}",
    doc="Correct the date filmed, until the cycle's shared review is held.",
)
clip_add = cycle_page(
    action="clip_add",
    form_class=forms.ClipForm,
    service=services.clip_add,
    title="Add a clip to cycle {number}",
    done="Clip added to cycle {number}",
    doc="Add a clip chosen from the film.",
    principles=lambda cycle: CaseSettings.load().principles,
)
edited = cycle_page(
    action="edited",
    form_class=forms.EditedForm,
    service=services.cycle_mark_edited,
    title="Mark the clips for cycle {number} as chosen",
    done="Clips chosen for cycle {number}. It is ready for its shared review",
    doc="Mark the clips as chosen, so the cycle is ready for its shared review.",
)
review = cycle_page(
    action="review",
    form_class=forms.ReviewForm,
    service=services.shared_review_record,
    title="Record the shared review for cycle {number}",
    done="Shared review recorded for cycle {number}",
    doc="Record the shared review, with a 0–10 rating for each helping question.",
    questions=lambda cycle: cycle.case.helping_questions.order_by("set_on", "pk"),
    consents=lambda cycle: selectors.live_consents(
        case=cycle.case, kind=Consent.Kind.PROFESSIONAL_ATTENDS
    ),
)
showing = cycle_page(
    action="showing",
    form_class=forms.ShowingForm,
    service=services.clips_shown_record,
    title="Record clips from cycle {number} shown to someone",
    done="Clips shown recorded for cycle {number}",
    doc="Record that clips were shown to someone, chosen from the live consents for it.",
    consents=lambda cycle: selectors.live_consents(case=cycle.case, kind=Consent.Kind.CLIPS_SHOWN),
)
supervision = cycle_page(
    action="supervision",
    form_class=forms.SupervisionForm,
    service=services.supervision_record,
    title="Record supervision on cycle {number}",
    done="Supervision recorded for cycle {number}",
    doc="Record the guider's supervision on this cycle.",
    supervisors=lambda cycle: selectors.supervisors(),
)


@require_POST
@role_required(*CASE_ROLES)
def clip_remove(request, pk, clip_pk):
    """Remove a clip before the shared review."""
    cycle = selectors.cycle_for_page(user=request.user, pk=pk)
    clip = next((clip for clip in cycle.clips.all() if clip.pk == clip_pk), None)
    if clip is None:
        raise Http404
    if refusal := _refused(request, cycle, "clip_remove"):
        return refusal
    form = forms.RemoveClipForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else cycle.version
    try:
        services.clip_remove(
            cycle_id=cycle.pk, by=request.user, clip_id=clip.pk, expected_version=version
        )
    except services.CycleError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Clip at {clip.timestamp} removed")
    return redirect("cycles:detail", pk=cycle.pk)

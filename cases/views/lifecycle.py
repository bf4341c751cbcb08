"""Case lifecycle pages: My cases, the overview, timeline, start, close, footage, reassign."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cases import forms, selectors, services
from cases.filters import CaseFilterSet
from cases.models import Case
from cases.permissions import case_access
from cases.rules import Next
from cases.selectors import guiders_with_caseload
from cases.views._common import (
    CASE_ROLES,
    LIST_ROLES,
    PER_PAGE,
    _case,
    _case_form_page,
    _case_to_change,
    _site_url,
)
from referrals.selectors import previous_involvement
from vig_service.accounts.models import User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.filters import filters_for
from vig_service.core.next_actions import with_link


@role_required(*LIST_ROLES)
def case_list(request):
    """My cases for a guider; all visible cases, with filters, for coordinators and supervisors."""
    with_filters = request.user.has_role(Role.COORDINATOR, Role.SUPERVISOR)
    number, filters = request.GET.get("page"), None
    if with_filters:
        cases = selectors.case_list(user=request.user, every_case=True)
        guiders = selectors.guiders_of_visible_cases(user=request.user)
        filters = filters_for(request, CaseFilterSet, queryset=cases, guiders=guiders)
        page = Paginator(filters.qs, PER_PAGE).get_page(number)
        selectors.attach_progress(page.object_list)
    else:
        page = selectors.own_cases_page(user=request.user, number=number, per_page=PER_PAGE)
    return render(
        request,
        "cases/list.html",
        {"page": page, "filters": filters, "title": "Cases" if with_filters else "My cases"},
    )


# Where the user goes to do the next action shown on the overview, by the action's code.
NEXT_ACTION_PAGES = {
    Next.RECORD_INITIAL_VISIT: "cases:contact_add",
    Next.RECORD_CONTRACT: "cases:contract",
    Next.RECORD_FILMING_CONSENT: "cases:consent_add",
    Next.SET_HELPING_QUESTION: "cases:question_add",
    Next.CLOSE_CASE: "cases:close",
    Next.FOOTAGE_DELETION_DUE: "cases:footage",
    Next.FOOTAGE_DELETION_OVERDUE: "cases:footage",
    # Planning comes first: the diary (a higher layer, reached by its URL names only).
    Next.FILM_CYCLE: "diary:plan_filming",
    Next.CHOOSE_CLIPS: "cycles:list",
    Next.HOLD_SHARED_REVIEW: "diary:plan_review",
}


@role_required(*CASE_ROLES)
def overview(request, pk):
    """The case at a glance: people, dates, limit, next action and what can be done now."""
    case = selectors.case_for_overview(user=request.user, pk=pk)
    access = case_access(user=request.user, case=case, visible=True)
    waiting, last_decision = selectors.extension_requests_for(case=case)
    waiting = waiting if access.is_open else None
    return render(
        request,
        "cases/overview.html",
        {
            "case": case,
            "current_tab": "overview",
            "progress": case.progress,
            "extensions": selectors.extensions_for(case=case),
            "can_change": access.works_on,
            "can_start": access.may_start,
            "can_close": access.may_change,
            "can_extend": access.may_extend,
            "can_ask": access.may_ask_extension and waiting is None and case.progress.near_limit,
            "extension_request": waiting,
            "last_decision": last_decision,
            "previous": previous_involvement(case.referral),
            "link_referrals": request.user.has_role(Role.COORDINATOR),
            "can_end_flags": access.works_on,
            "can_reassign": access.may_reassign,
            "next_action": (
                with_link(case.progress.next_action, pages=NEXT_ACTION_PAGES, args=[case.pk])
                if access.works_on
                else case.progress.next_action
            ),
        },
    )


@role_required(*CASE_ROLES)
def timeline(request, pk):
    """Everything that happened to the case, newest first."""
    case = _case(request, pk)
    return render(
        request,
        "cases/timeline.html",
        {"case": case, "current_tab": "timeline", "events": selectors.timeline(case=case)},
    )


@require_POST
@role_required(*CASE_ROLES)
def start(request, pk):
    """Start the intervention: contracting to active, once contract and filming consent exist."""
    case, refused = _case_to_change(request, pk, tab="overview")
    if refused:
        return refused
    version = request.POST.get("version", "")
    try:
        services.case_start_intervention(
            case_id=case.pk,
            by=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except services.CaseError as not_ready:
        messages.error(request, not_ready.message)
    else:
        messages.success(request, "The intervention has started")
    return redirect("cases:overview", pk=case.pk)


@role_required(*CASE_ROLES)
def close(request, pk):
    """Close the case: date, reason, final ratings and the outcome."""
    case, refused = _case_to_change(request, pk, tab="overview")
    if refused:
        return refused
    questions = list(case.helping_questions.order_by("set_on", "pk"))
    form = forms.CloseForm(
        request.POST or None, case=case, questions=questions, initial={"version": case.version}
    )
    return _case_form_page(
        request,
        case,
        form=form,
        tab="overview",
        title="Close the case",
        save=lambda data: services.case_close(
            case_id=case.pk,
            by=request.user,
            closed_on=data["closed_on"],
            reason=data["reason"],
            outcome_summary=data["outcome_summary"],
            final_ratings=form.final_ratings(),
            expected_version=data["version"],
            site_url=_site_url(request),
        ),
        done="Case closed",
        context={
            "intro": "Once closed, the case can no longer be changed, except to record where "
            "the footage is kept and when it was deleted."
        },
    )


@role_required(*CASE_ROLES)
def footage(request, pk):
    """Where the footage is kept and, once the case is closed, the date it was deleted."""
    case, _ = _case_to_change(request, pk, tab="overview", allow_closed=True)
    form = forms.FootageForm(
        request.POST or None,
        case=case,
        initial={
            "footage_location": case.footage_location,
            "footage_deleted_on": case.footage_deleted_on,
        },
    )
    return _case_form_page(
        request,
        case,
        form=form,
        tab="overview",
        title="Footage",
        save=lambda data: services.case_record_footage(
            case_id=case.pk,
            by=request.user,
            location=data["footage_location"],
            deleted_on=data.get("footage_deleted_on"),
        ),
        done="Footage details saved",
    )


@role_required(Role.COORDINATOR)
def reassign(request, pk):
    """A coordinator moves a case to another guider; the change is recorded with its reason."""
    case = _case(request, pk)
    if case.status == Case.Status.CLOSED:
        messages.error(request, services.CLOSED_MESSAGE)
        return redirect("cases:overview", pk=case.pk)
    loads = guiders_with_caseload()

    def save(data):
        guider = User.objects.filter(pk=data["guider"]).first()
        if guider is None:
            raise services.CaseError("Select the guider to reassign the case to, from the list")
        services.case_reassign(
            case_id=case.pk,
            guider=guider,
            by=request.user,
            reason=data["reason"],
            expected_version=data["version"],
            site_url=_site_url(request),
        )

    return _case_form_page(
        request,
        case,
        form=forms.ReassignForm(request.POST or None, case=case, loads=loads),
        tab="overview",
        title="Reassign the case",
        save=save,
        done="Case reassigned",
    )

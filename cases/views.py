"""Case pages: My cases, the case tabs and their forms, and the Cases section of Configuration."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases import forms, selectors, services
from cases.charts import rating_chart
from cases.configuration_forms import CaseSettingsForm
from cases.filters import CaseFilterSet
from cases.models import Case, CaseSettings
from cases.rules import Next
from cases.selectors import guiders_with_caseload
from vig_service.accounts.models import User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.filters import filters_for
from vig_service.core.form_pages import form_page
from vig_service.core.next_actions import with_link
from vig_service.core.views import settings_tab

# Who has a list of cases; managers have theirs, the cases at or near their limit.
LIST_ROLES = (Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR)
# Who has case pages at all; within them, Case.objects.visible_to decides which cases, and
# Case.objects.worked_on_by which of those they may change (managers read them only).
CASE_ROLES = (*LIST_ROLES, Role.MANAGER)
PER_PAGE = 50


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Cases section of the Configuration page."""
    form = CaseSettingsForm(
        request.POST or None,
        section=CaseSettings.load(),
        guiders=selectors.guiders_with_caseload(),
    )
    return settings_tab(
        request,
        form,
        template="cases/configuration.html",
        saved="Case settings saved",
        save=lambda form: services.case_settings_update(
            loaded_at=form.cleaned_data["loaded_at"],
            changes=form.changes(),
            overrides=form.overrides(),
            by=request.user,
        ),
    )


@role_required(*LIST_ROLES)
def case_list(request):
    """My cases for a guider; all visible cases, with filters, for coordinators and supervisors."""
    with_filters = request.user.has_role(Role.COORDINATOR, Role.SUPERVISOR)
    filters, cases = None, selectors.case_list(user=request.user, every_case=with_filters)
    if with_filters:
        guiders = selectors.guiders_of_visible_cases(user=request.user)
        filters = filters_for(request, CaseFilterSet, queryset=cases, guiders=guiders)
        cases = filters.qs
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    selectors.attach_progress(page.object_list)
    return render(
        request,
        "cases/list.html",
        {"page": page, "filters": filters, "title": "Cases" if with_filters else "My cases"},
    )


def _case(request, pk):
    return selectors.case_for_page(user=request.user, pk=pk)


def _case_to_change(request, pk, *, tab: str, allow_closed: bool = False):
    """The case for a form page: 404 out of scope, 403 for read-only users.

    Returns (case, None), or (None, a redirect) with a message when the case is closed.
    """
    case = _case(request, pk)
    if not selectors.can_work_on(user=request.user, case=case):
        raise PermissionDenied
    if case.status == Case.Status.CLOSED and not allow_closed:
        messages.error(request, services.CLOSED_MESSAGE)
        return None, redirect(f"cases:{tab}", pk=case.pk)
    return case, None


def _case_form_page(request, case, *, tab, back=None, context=None, **page):
    """Core's form page on a case tab: the case around it, back to the tab, CaseError refused."""
    return form_page(
        request,
        template="cases/case_form.html",
        back=back or reverse(f"cases:{tab}", args=[case.pk]),
        refusals=(services.CaseError,),
        context={"case": case, "current_tab": tab, **(context or {})},
        **page,
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
    Next.FILM_CYCLE: "cycles:list",
    Next.CHOOSE_CLIPS: "cycles:list",
    Next.HOLD_SHARED_REVIEW: "cycles:list",
}


@role_required(*CASE_ROLES)
def overview(request, pk):
    """The case at a glance: people, dates, limit, next action and what can be done now."""
    case = selectors.case_for_overview(user=request.user, pk=pk)
    can_change = selectors.can_work_on(user=request.user, case=case)
    is_open = case.status != Case.Status.CLOSED
    waiting = selectors.waiting_request_for(case=case) if is_open else None
    can_ask = (
        can_change
        and is_open
        and waiting is None
        and request.user.has_role(Role.GUIDER, Role.COORDINATOR)
        and selectors.is_near_limit(case=case)
    )
    return render(
        request,
        "cases/overview.html",
        {
            "case": case,
            "current_tab": "overview",
            "progress": case.progress,
            "extensions": selectors.extensions_for(case=case),
            "can_change": can_change,
            "can_start": can_change and case.status == Case.Status.CONTRACTING,
            "can_close": can_change and is_open,
            "can_extend": is_open and request.user.has_role(Role.MANAGER),
            "can_ask": can_ask,
            "extension_request": waiting,
            "last_decision": selectors.last_decided_request_for(case=case),
            "can_reassign": is_open and request.user.has_role(Role.COORDINATOR),
            "next_action": (
                with_link(case.progress.next_action, pages=NEXT_ACTION_PAGES, args=[case.pk])
                if can_change
                else case.progress.next_action
            ),
        },
    )


@role_required(*CASE_ROLES)
def contacts(request, pk):
    """The contacts with the family, and the date the written contract was agreed."""
    case = _case(request, pk)
    return render(
        request,
        "cases/contacts.html",
        {
            "case": case,
            "current_tab": "contacts",
            "contacts": selectors.contacts_for(case=case),
            "can_change": selectors.can_change(user=request.user, case=case),
        },
    )


@role_required(*CASE_ROLES)
def contact_add(request, pk):
    """Log a contact; the first one starts contracting."""
    case, refused = _case_to_change(request, pk, tab="contacts")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ContactForm(request.POST or None),
        tab="contacts",
        title="Add a contact",
        save=lambda data: services.contact_record(case_id=case.pk, by=request.user, **data),
        done="Contact added",
    )


@role_required(*CASE_ROLES)
def contract(request, pk):
    """Record the date the written contract was agreed."""
    case, refused = _case_to_change(request, pk, tab="contacts")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ContractForm(
            request.POST or None, initial={"agreed_on": case.contract_agreed_on}
        ),
        tab="contacts",
        title="The written contract",
        save=lambda data: services.case_record_contract(
            case_id=case.pk, by=request.user, agreed_on=data["agreed_on"]
        ),
        done="Contract date saved",
    )


@role_required(*CASE_ROLES)
def consents(request, pk):
    """The case's consents, live and withdrawn."""
    case = _case(request, pk)
    return render(
        request,
        "cases/consents.html",
        {
            "case": case,
            "current_tab": "consents",
            "consents": selectors.consents_for(case=case),
            "can_change": selectors.can_change(user=request.user, case=case),
        },
    )


@role_required(*CASE_ROLES)
def consent_add(request, pk):
    """Record a consent."""
    case, refused = _case_to_change(request, pk, tab="consents")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ConsentForm(
            request.POST or None, children=selectors.consent_children(case=case)
        ),
        tab="consents",
        title="Add a consent",
        save=lambda data: services.consent_record(case_id=case.pk, by=request.user, **data),
        done="Consent added",
    )


@role_required(*CASE_ROLES)
def consent_withdraw(request, pk, consent_pk):
    """Record that a consent was withdrawn; it stops allowing anything at once."""
    case, refused = _case_to_change(request, pk, tab="consents")
    if refused:
        return refused
    consent = get_object_or_404(case.consents, pk=consent_pk)
    if consent.withdrawn_on is not None:
        messages.error(
            request, f"This consent was already withdrawn on {consent.withdrawn_on:%-d %B %Y}"
        )
        return redirect("cases:consents", pk=case.pk)
    return _case_form_page(
        request,
        case,
        form=forms.WithdrawConsentForm(request.POST or None, consent=consent),
        tab="consents",
        title="Withdraw a consent",
        save=lambda data: services.consent_withdraw(
            consent_id=consent.pk, by=request.user, withdrawn_on=data["withdrawn_on"]
        ),
        done="Consent withdrawn",
        context={
            "intro": f"{consent}, on {consent.given_on:%-d %B %Y}. Once withdrawn, "
            "it no longer allows anything."
        },
    )


@role_required(*CASE_ROLES)
def questions(request, pk):
    """The helping questions, each with its ratings as a chart and as a table."""
    case = _case(request, pk)
    rows = selectors.questions_with_ratings(case=case)
    for question in rows:
        question.chart = rating_chart(
            [(point.label, point.value) for point in question.points], title=question.wording
        )
    return render(
        request,
        "cases/questions.html",
        {
            "case": case,
            "current_tab": "questions",
            "questions": rows,
            "can_change": selectors.can_change(user=request.user, case=case),
        },
    )


@role_required(*CASE_ROLES)
def question_add(request, pk):
    """Set a helping question with its baseline rating."""
    case, refused = _case_to_change(request, pk, tab="questions")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.HelpingQuestionForm(request.POST or None),
        tab="questions",
        title="Add a helping question",
        save=lambda data: services.helping_question_set(case_id=case.pk, by=request.user, **data),
        done="Helping question added",
    )


@role_required(*CASE_ROLES)
def traject(request, pk):
    """The traject plan; posting sets up the service's default headings the first time."""
    case = _case(request, pk)
    can_change = selectors.can_change(user=request.user, case=case)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        services.traject_plan_start(case_id=case.pk, by=request.user)
        return redirect("cases:traject", pk=case.pk)
    return render(
        request,
        "cases/traject.html",
        {
            "case": case,
            "current_tab": "traject",
            "headings": selectors.traject_plan(case=case),
            "can_change": can_change,
        },
    )


@role_required(*CASE_ROLES)
def traject_heading_add(request, pk):
    """Add a heading of the family's own to the traject plan."""
    case, refused = _case_to_change(request, pk, tab="traject")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.TrajectHeadingAddForm(request.POST or None),
        tab="traject",
        title="Add a heading",
        save=lambda data: services.traject_heading_add(
            case_id=case.pk, by=request.user, title=data["title"]
        ),
        done="Heading added",
    )


@role_required(*CASE_ROLES)
def traject_heading(request, pk, heading_pk):
    """Change a heading; a save since the form was loaded is shown, and nothing is lost."""
    case, refused = _case_to_change(request, pk, tab="traject")
    if refused:
        return refused
    heading = selectors.traject_heading(case=case, pk=heading_pk)
    current = heading.current
    form = forms.TrajectHeadingForm(
        request.POST or None,
        initial={
            "revision": current.number if current else 0,
            "title": heading.title,
            "changes_made": current.changes_made if current else "",
            "changes_hoped_for": current.changes_hoped_for if current else "",
        },
    )
    newer = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.traject_heading_save(
                heading_id=heading.pk,
                by=request.user,
                title=data["title"],
                changes_made=data["changes_made"],
                changes_hoped_for=data["changes_hoped_for"],
                loaded_revision=data["revision"],
            )
        except services.StaleTrajectHeading as stale:
            form.add_error(None, stale.message)
            # Keep what the user typed; sending it again, having reviewed the newer text, saves.
            newer = stale.revision
            form.data = form.data.copy()
            form.data["revision"] = newer.number if newer else 0
        except services.CaseError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"“{data['title']}” saved")
            return redirect("cases:traject", pk=case.pk)
    return render(
        request,
        "cases/traject_heading.html",
        {
            "case": case,
            "current_tab": "traject",
            "heading": heading,
            "form": form,
            "newer": newer,
            "title": f"Change “{heading.title}”",
            "back": reverse("cases:traject", args=[case.pk]),
        },
    )


@role_required(*CASE_ROLES)
def traject_history(request, pk, heading_pk):
    """Every saved revision of one heading, newest first."""
    case = _case(request, pk)
    heading = selectors.traject_heading(case=case, pk=heading_pk)
    return render(
        request,
        "cases/traject_history.html",
        {
            "case": case,
            "current_tab": "traject",
            "heading": heading,
            "revisions": selectors.traject_revisions(heading=heading),
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


def _limit_in_words(limit) -> str:
    until = f", until {limit.ends_on:%-d %B %Y}" if limit.ends_on else ""
    return f"The current limit is {limit.cycles} cycles{until}."


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@role_required(Role.GUIDER, Role.COORDINATOR)
def extension_request(request, pk):
    """The guider, co-worker or a coordinator asks a manager to extend a case near its limit."""
    case, refused = _case_to_change(request, pk, tab="overview")
    if refused:
        return refused
    limit = selectors.limit_for(case=case)
    return _case_form_page(
        request,
        case,
        form=forms.ExtensionRequestForm(request.POST or None),
        tab="overview",
        title="Ask for an extension",
        save=lambda data: services.extension_request_make(
            case_id=case.pk, by=request.user, reason=data["reason"]
        ),
        done="Extension asked for. A manager will decide, and you will be told by e-mail",
        context={
            "intro": f"{_limit_in_words(limit)} A manager decides whether to extend it.",
        },
    )


def _after_extending(request, case, *, decided_request: bool) -> str:
    """The case again if the manager still sees it; once extended it is usually no longer near
    its limit, so out of their sight, and they go back to their list."""
    if Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        return reverse("cases:overview", args=[case.pk])
    return reverse("cases:extension_requests" if decided_request else "cases:near_limit")


@role_required(Role.MANAGER)
def extend(request, pk):
    """A manager extends the case's limit, with the reason, new cycle limit and end date.

    When the guider has asked for an extension the page shows their request, and granting
    answers it.
    """
    case = _case(request, pk)
    if case.status == Case.Status.CLOSED:
        messages.error(request, services.CLOSED_MESSAGE)
        return redirect("cases:overview", pk=case.pk)
    limit = selectors.limit_for(case=case)
    waiting = selectors.waiting_request_for(case=case)
    form = forms.ExtensionForm(
        request.POST or None, limit=limit, initial={"request": waiting.pk if waiting else 0}
    )
    return _case_form_page(
        request,
        case,
        form=form,
        tab="overview",
        title="Extend the limit",
        save=lambda data: services.case_extend(
            case_id=case.pk,
            by=request.user,
            reason=data["reason"],
            cycle_limit=data["cycle_limit"],
            ends_on=data["ends_on"],
            request_id=form.request_id(),
            site_url=_site_url(request),
        ),
        done=f"Extension granted for {case.referral.reference}",
        after=lambda _: _after_extending(request, case, decided_request=waiting is not None),
        context={
            "intro": _limit_in_words(limit),
            "extension_request": waiting,
            "refuse_url": reverse("cases:extension_refuse", args=[case.pk]) if waiting else "",
        },
    )


@role_required(Role.MANAGER)
def extension_refuse(request, pk):
    """A manager refuses the extension the guider asked for, saying why."""
    case = _case(request, pk)
    waiting = selectors.waiting_request_for(case=case)
    if request.method != "POST" and waiting is None:
        messages.info(request, "There is no extension request waiting for a decision on this case")
        return redirect("cases:overview", pk=case.pk)
    form = forms.RefuseExtensionForm(
        request.POST or None, initial={"request": waiting.pk if waiting else None}
    )
    return _case_form_page(
        request,
        case,
        form=form,
        tab="overview",
        title="Refuse the extension",
        save=lambda data: services.extension_request_refuse(
            case_id=case.pk,
            request_id=data["request"],
            by=request.user,
            reason=data["reason"],
            site_url=_site_url(request),
        ),
        done="Extension refused. The guider has been told",
        back=reverse("cases:overview", args=[case.pk]),
        context={"extension_request": waiting},
    )


def _guider_filter(request) -> int | None:
    value = request.GET.get("guider", "")
    # ASCII digits that fit an id: anything else ("²", twenty digits) is dropped, not an error.
    if value and not (value.isascii() and value.isdigit() and len(value) <= 9):
        messages.info(request, "Some filters were not recognised and have been cleared.")
        return None
    return int(value) if value else None


@role_required(Role.MANAGER, Role.COORDINATOR)
def near_limit(request):
    """The open cases at or within 4 weeks of their limit, from the caseload report."""
    guider_id = _guider_filter(request)
    page = Paginator(
        selectors.near_limit_cases(user=request.user, guider_id=guider_id), PER_PAGE
    ).get_page(request.GET.get("page"))
    guider = User.objects.filter(pk=guider_id).first() if guider_id else None
    return render(request, "cases/near_limit.html", {"page": page, "guider": guider})


@role_required(Role.MANAGER)
def extension_requests(request):
    """The extension requests waiting for a manager's decision, oldest first."""
    page = Paginator(selectors.waiting_extension_requests(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "cases/extension_requests.html", {"page": page})


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

"""Limit pages: extension requests, granting and refusing, and cases near their limit."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import forms, selectors, services
from cases.models import Case
from cases.views._common import PER_PAGE, _case, _case_form_page, _change_page, _site_url
from vig_service.accounts.models import User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role


def _limit_in_words(limit) -> str:
    until = f", until {limit.ends_on:%-d %B %Y}" if limit.ends_on else ""
    return f"The current limit is {limit.cycles} cycles{until}."


@role_required(Role.GUIDER, Role.COORDINATOR)
def extension_request(request, pk):
    """The guider, co-worker or a coordinator asks a manager to extend a case near its limit."""
    return _change_page(
        request,
        pk,
        tab="overview",
        form=forms.ExtensionRequestForm,
        service=services.extension_request_make,
        title="Ask for an extension",
        done="Extension asked for. A manager will decide, and you will be told by e-mail",
        context=lambda case: {
            "intro": f"{_limit_in_words(selectors.limit_for(case=case))} "
            "A manager decides whether to extend it.",
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

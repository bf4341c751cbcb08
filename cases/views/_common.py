"""What every case page shares: who may see case pages, the case, its form page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from cases import selectors, services
from cases.models import Case
from cases.permissions import case_access
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page

# Who has a list of cases; managers have theirs, the cases at or near their limit.
LIST_ROLES = (Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR)
# Who has case pages at all; within them, Case.objects.visible_to decides which cases, and
# Case.objects.worked_on_by which of those they may change (managers read them only).
CASE_ROLES = (*LIST_ROLES, Role.MANAGER)
PER_PAGE = 50


def _site_url(request) -> str:
    """The service's address as the user reached it, for the links in e-mails."""
    return request.build_absolute_uri("/")


def _case(request, pk):
    return selectors.case_for_page(user=request.user, pk=pk)


def _case_to_change(request, pk, *, tab: str, allow_closed: bool = False):
    """The case for a form page: 404 out of scope, 403 for read-only users.

    Returns (case, None), or (None, a redirect) with a message when the case is closed.
    """
    case = _case(request, pk)
    if not case_access(user=request.user, case=case).works_on:
        raise PermissionDenied
    if case.status == Case.Status.CLOSED and not allow_closed:
        messages.error(request, services.CLOSED_MESSAGE)
        return None, redirect(f"cases:{tab}", pk=case.pk)
    return case, None


def _change_page(request, pk, *, tab, form, service, needs=None, context=None, **page):
    """A form page that changes the case, the form's fields going to `service` as they are.

    `needs(case)` gives the form's other arguments (its initial values, its choices), and
    `context` may be made from the case the same way.
    """
    case, refused = _case_to_change(request, pk, tab=tab)
    if refused:
        return refused
    bound = form(request.POST or None, **(needs(case) if needs else {}))
    return _case_form_page(
        request,
        case,
        form=bound,
        tab=tab,
        save=lambda data: service(case_id=case.pk, by=request.user, **data),
        context=context(case) if callable(context) else context,
        **page,
    )


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

"""The administrators' Audit pages and the Audit section of the Configuration page."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.audit import selectors
from vig_service.audit.forms import AccessSearchForm, AuditSettingsForm
from vig_service.audit.models import AuditSettings
from vig_service.core.views import settings_tab

PER_PAGE = 50


def _search(request, selector) -> dict:
    """The search form and a page of the selector's rows for it (None for a wrong search)."""
    form = AccessSearchForm(request.GET or None)
    found, searched, child = None, False, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        searched = any(data.values())
        person = None
        if data["email"]:
            person = User.objects.by_email(data["email"]).first()
        if data["email"] and person is None:
            found = selector().none()
        else:
            found = selector(
                user=person,
                reference=data["reference"],
                date_from=data["date_from"],
                date_to=data["date_to"],
            )
        if data["reference"]:
            child = Referral.objects.filter(reference__iexact=data["reference"].strip()).first()
    elif not form.is_bound:
        found = selector()
    page = None
    if found is not None:
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "searched": searched,
        "child": child,
        "alerts": selectors.recent_alerts(),
        "denial_alerts": selectors.recent_denial_alerts(),
    }


@role_required(Role.ADMINISTRATOR)
def events(request):
    """Who opened which child's record, searchable by person, child and dates; and alerts."""
    return render(request, "audit/events.html", _search(request, selectors.access_events))


@role_required(Role.ADMINISTRATOR)
def denials(request):
    """Who was refused a child's record page (not found or not allowed), searchable alike."""
    return render(request, "audit/denials.html", _search(request, selectors.access_denials))


@role_required(Role.ADMINISTRATOR)
def changes(request, pk):
    """Every field-level change to one child's referral, case, cycles and consents."""
    referral = get_object_or_404(Referral.objects.exclude(reference=None), pk=pk)
    return render(
        request,
        "audit/changes.html",
        {"referral": referral, "changes": selectors.change_history(referral=referral)},
    )


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Audit section of the Configuration page."""
    form = AuditSettingsForm(request.POST or None, section=AuditSettings.load())
    return settings_tab(
        request, form, template="audit/configuration.html", saved="Audit settings saved"
    )

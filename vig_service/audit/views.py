"""The administrators' Audit pages and the Audit section of the Configuration page."""

from django.core.paginator import Paginator
from django.shortcuts import render

from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.audit import selectors
from vig_service.audit.filters import AccessFilterSet
from vig_service.audit.forms import AuditSettingsForm
from vig_service.audit.models import AuditSettings
from vig_service.core.views import settings_tab

PER_PAGE = 50


def _search(request, rows) -> dict:
    """The search form and a page of these rows for it (None for a search to correct)."""
    filters = AccessFilterSet(request.GET or None, queryset=rows)
    page, data, child = None, {}, None
    if not filters.is_bound or filters.is_valid():
        page = Paginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
        data = filters.cleaned
    if data.get("reference"):
        child = selectors.referral_for_reference(data["reference"], user=request.user)
    return {
        "form": filters.form,
        "page": page,
        "searched": any(data.values()),
        "child": child,
        "alerts": selectors.recent_alerts(),
        "denial_alerts": selectors.recent_denial_alerts(),
    }


@role_required(Role.ADMINISTRATOR)
def events(request):
    """Who opened which child's record, searchable by person, child and dates; and alerts."""
    return render(
        request, "audit/events.html", _search(request, selectors.access_events(user=request.user))
    )


@role_required(Role.ADMINISTRATOR)
def denials(request):
    """Who was refused a child's record page (not found or not allowed), searchable alike."""
    return render(
        request,
        "audit/denials.html",
        _search(request, selectors.access_denials(user=request.user)),
    )


@role_required(Role.ADMINISTRATOR)
def changes(request, pk):
    """Every field-level change to one child's referral, case, cycles and consents."""
    referral = selectors.referral_for_changes(user=request.user, pk=pk)
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

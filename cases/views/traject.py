"""Traject plan pages: the plan, its headings and their revisions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from cases import forms, selectors, services
from cases.permissions import case_access
from cases.views._common import CASE_ROLES, _case, _case_to_change, _change_page
from vig_service.accounts.permissions import role_required


@role_required(*CASE_ROLES)
def traject(request, pk):
    """The traject plan; posting sets up the service's default headings the first time."""
    case = _case(request, pk)
    can_change = case_access(user=request.user, case=case).may_change
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
    return _change_page(
        request,
        pk,
        tab="traject",
        form=forms.TrajectHeadingAddForm,
        service=services.traject_heading_add,
        title="Add a heading",
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

"""The guider's side of family links, on the case's Family tab: make, stop and renew links,
see each link's use; and the link settings on the Configuration page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cases.permissions import case_access
from cases.selectors import case_for_page
from cases.views._common import CASE_ROLES
from family import forms, notify, selectors, services
from family.configuration import FamilySettings
from family.errors import FamilyError
from family.models import LinkPurpose
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab


def _case(request, case_pk, *, change=False):
    """The case, 404 outside the user's scope; 403 to change it for those who only read it."""
    case = case_for_page(user=request.user, pk=case_pk)
    access = case_access(user=request.user, case=case)
    if change and not access.works_on:
        raise PermissionDenied
    return case, access


@role_required(*CASE_ROLES)
def case_links(request, case_pk):
    """The case's family links: who each is for, whether it works, and how it was used."""
    case, access = _case(request, case_pk)
    return render(
        request,
        "family/case_links.html",
        {
            "case": case,
            "current_tab": "family",
            "links": selectors.case_links(case),
            "can_change": access.works_on,
        },
    )


def _made(request, case, link, token, *, mobile=""):
    """The new link, shown this once (only its digest is kept); sent by text if asked."""
    problem = ""
    if mobile:
        try:
            services.family_link_text(
                link=link,
                token=token,
                phone=mobile,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
        except FamilyError as refusal:
            problem = refusal.message
        else:
            link.texted_to = mobile
    return render(
        request,
        "family/link_made.html",
        {
            "case": case,
            "current_tab": "family",
            "link": link,
            "url": services.link_url(token, site_url=request.build_absolute_uri("/")),
            "text_problem": problem,
        },
    )


@role_required(*CASE_ROLES)
def link_add(request, case_pk, purpose):
    """Make a link to the family page, or to the feedback questionnaire."""
    if purpose not in LinkPurpose.values:
        return redirect("family:case_links", case_pk=case_pk)
    case, _ = _case(request, case_pk, change=True)
    form = forms.LinkForm(
        request.POST if request.method == "POST" else None,
        purpose=purpose,
        texts=notify.configured(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.family_link_create(
                case_id=case.pk,
                by=request.user,
                purpose=purpose,
                for_whom=form.cleaned_data["for_whom"],
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
            )
        except FamilyError as refusal:
            form.add_error(refusal.field, refusal.message)
        else:
            return _made(request, case, link, token, mobile=form.cleaned_data["mobile"])
    title = (
        "Give the family a link to their page"
        if purpose == LinkPurpose.PAGE
        else "Send the feedback questionnaire"
    )
    return render(
        request,
        "family/link_form.html",
        {"case": case, "current_tab": "family", "form": form, "title": title, "purpose": purpose},
    )


def _link(case, pk):
    return get_object_or_404(case.family_links, pk=pk)


@require_POST
@role_required(*CASE_ROLES)
def link_revoke(request, case_pk, pk):
    """Stop a link at once."""
    case, _ = _case(request, case_pk, change=True)
    link = _link(case, pk)
    try:
        services.family_link_revoke(link_id=link.pk, by=request.user)
    except FamilyError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Link stopped: {link}")
    return redirect("family:case_links", case_pk=case.pk)


@require_POST
@role_required(*CASE_ROLES)
def link_renew(request, case_pk, pk):
    """Stop a link and make a new one for the same person."""
    case, _ = _case(request, case_pk, change=True)
    link = _link(case, pk)
    try:
        new, token = services.family_link_renew(
            link_id=link.pk, by=request.user, site_url=request.build_absolute_uri("/")
        )
    except FamilyError as refusal:
        messages.error(request, refusal.message)
        return redirect("family:case_links", case_pk=case.pk)
    return _made(request, case, new, token, mobile=link.texted_to if notify.configured() else "")


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """How long each kind of family link lasts."""
    form = forms.FamilySettingsForm(
        request.POST if request.method == "POST" else None, section=FamilySettings.load()
    )
    return settings_tab(
        request, form, template="family/configuration.html", saved="Family link settings saved"
    )

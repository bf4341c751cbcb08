"""The letters pages: writing a letter on a record, and the templates administrators edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.permissions import case_access
from cases.selectors import case_for_page
from documents import forms, selectors, services
from documents.errors import DocumentError
from documents.letters.specs import SPECS
from documents.models import LetterKind
from documents.views._common import act_and_return
from referrals.models import Referral
from training.selectors import course_for_page
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role


@require_POST
@role_required(Role.GUIDER, Role.COORDINATOR)
def contract_write(request, case_pk):
    """Write the family's contract from the case, to print and sign."""
    case = case_for_page(user=request.user, pk=case_pk)
    if not case_access(user=request.user, case=case).may_change:
        raise PermissionDenied
    return act_and_return(
        request,
        lambda: services.letter_write_contract(case_id=case.pk, by=request.user),
        back=reverse("documents:case_list", args=[case.pk]),
        done=lambda document: f"{document.title} written. Print it for the family to sign",
    )


@require_POST
@role_required(Role.COORDINATOR)
def decision_letter_write(request, referral_pk):
    """Write the acceptance or decline letter to the referrer."""
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=referral_pk)
    return act_and_return(
        request,
        lambda: services.letter_write_decision(referral_id=referral.pk, by=request.user),
        back=reverse("documents:referral_list", args=[referral.pk]),
        done=lambda document: f"{document.title} written",
    )


@require_POST
@role_required(Role.COORDINATOR)
def certificates_write(request, course_pk):
    """Write a certificate for each participant who completed the course."""
    course = course_for_page(user=request.user, pk=course_pk)

    def done(written):
        if not written:
            return "Everyone who completed the course already has a certificate"
        return f"{len(written)} certificate{'' if len(written) == 1 else 's'} written"

    return act_and_return(
        request,
        lambda: services.certificates_write(course_id=course.pk, by=request.user),
        back=reverse("documents:course_list", args=[course.pk]),
        done=done,
    )


@role_required(Role.ADMINISTRATOR)
def template_list(request):
    """Every letter the service writes, with the version in use."""
    saved = {template.kind: template for template in selectors.letter_templates()}
    letters = [
        {"kind": kind, "spec": SPECS[kind], "current": saved.get(kind)} for kind in LetterKind
    ]
    return render(request, "documents/letter_templates.html", {"letters": letters})


@role_required(Role.ADMINISTRATOR)
def template_edit(request, kind):
    """Change a letter's wording, preview it with example values, save it as a new version."""
    if kind not in SPECS:
        raise Http404
    current = services.letter_template_current(kind)
    initial = {"title": current.title, "body": current.body, "version": current.version}
    form = forms.LetterTemplateForm(request.POST or None, kind=kind, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "preview" in request.POST:
                preview = services.letter_preview(kind, title=data["title"], body=data["body"])
            else:
                saved = services.letter_template_save(
                    kind=kind,
                    title=data["title"],
                    body=data["body"],
                    by=request.user,
                    loaded_version=data["version"] or 0,
                )
                messages.success(request, f"{SPECS[kind].label} saved as version {saved.version}")
                return redirect("documents:letter_templates")
        except DocumentError as refused:
            field = refused.field if refused.field in form.fields else None
            form.add_error(field, refused.message)
            if field is None:
                # A newer version was saved since: sending the reviewed form again saves it.
                form.data = form.data.copy()
                form.data["version"] = services.letter_template_current(kind).version
    return render(
        request,
        "documents/letter_template_form.html",
        {
            "form": form,
            "spec": SPECS[kind],
            "kind": kind,
            "current": current,
            "preview": preview,
        },
    )

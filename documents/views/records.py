"""The documents pages of a record: the list, adding one, downloading one that is clean."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.models import Case
from cases.permissions import case_access
from cases.selectors import case_for_page
from documents import forms, rules, scanner, selectors, services
from documents.downloads import attachment
from documents.errors import DocumentError
from documents.models import DocumentKind
from documents.views._common import act_and_return
from referrals.models import Referral
from training.selectors import course_for_page, trainee_for_page
from training.views._common import COURSE_READERS, TRAINEE_READERS
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page

# As the case pages: managers read the cases near their limit.
CASE_ROLES = (Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR, Role.MANAGER)


@role_required(*CASE_ROLES)
def case_list(request, case_pk):
    """A case's documents, each with its virus check, and a way to add one."""
    case = case_for_page(user=request.user, pk=case_pk)
    access = case_access(user=request.user, case=case)
    documents = _mark_downloadable(list(selectors.case_documents(case)))
    return render(
        request,
        "documents/case_list.html",
        {
            "case": case,
            "current_tab": "documents",
            "documents": documents,
            "may_add": access.may_change,
            "may_write": access.may_change and case.status != Case.Status.CLOSED,
            "scanner_configured": scanner.configured(),
        },
    )


@role_required(Role.GUIDER, Role.COORDINATOR)
def case_add(request, case_pk):
    """Add a document to an open case the user works on."""
    case = case_for_page(user=request.user, pk=case_pk)
    if not case_access(user=request.user, case=case).works_on:
        raise PermissionDenied
    closed = case.status == Case.Status.CLOSED
    return _add_page(
        request,
        on={"case_id": case.pk},
        signed=True,
        title="Add a document",
        back=reverse("documents:case_list", args=[case.pk]),
        template="documents/case_form.html",
        context={"case": case, "current_tab": "documents", "closed": closed},
    )


def _add_page(request, *, on: dict, kinds=None, signed=False, **page):
    """The upload form, its answers and file going to `document_upload` for the record `on`."""
    post = request.method == "POST"
    form = forms.DocumentForm(
        request.POST if post else None,
        request.FILES if post else None,
        kinds=kinds,
        signed=signed,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.document_upload(
            by=request.user,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            signed_on=data.get("signed_on"),
            **on,
        ),
        done=_added,
        refusals=(DocumentError,),
        **page,
    )


def _mark_downloadable(documents: list) -> list:
    unscanned_allowed = not scanner.configured() and settings.DEBUG
    for document in documents:
        document.downloadable = rules.may_download(
            document.status, unscanned_allowed=unscanned_allowed
        )
    return documents


def _file(document):
    """The file itself, only once it is clean; the audit records the download."""
    if not _mark_downloadable([document])[0].downloadable:
        raise Http404
    return attachment(document)


@role_required(*CASE_ROLES)
def case_download(request, case_pk, pk):
    """A case's document (or its referral's), once clean."""
    return _file(selectors.document_for_download(user=request.user, case_pk=case_pk, pk=pk))


@role_required(Role.REFERRER, Role.COORDINATOR)
def referral_list(request, referral_pk):
    """A referral's documents; its referrer adds them while writing it."""
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=referral_pk)
    return render(
        request,
        "documents/referral_list.html",
        {
            "referral": referral,
            "documents": _mark_downloadable(list(selectors.referral_documents(referral))),
            "may_add": _may_add_to_referral(request.user, referral),
            "may_write": request.user.has_role(Role.COORDINATOR)
            and referral.status in services.letters.DECIDED,
            "scanner_configured": scanner.configured(),
        },
    )


def _may_add_to_referral(user, referral) -> bool:
    return referral.referrer_id == user.pk and referral.status in (
        services.REFERRAL_OPEN_TO_DOCUMENTS
    )


@role_required(Role.REFERRER)
def referral_add(request, referral_pk):
    """The referrer attaches the assessment or plan to the referral they are writing."""
    referral = get_object_or_404(Referral.objects.visible_to(request.user), pk=referral_pk)
    if referral.referrer_id != request.user.pk:
        raise PermissionDenied
    return _add_page(
        request,
        on={"referral_id": referral.pk},
        kinds=[DocumentKind.ASSESSMENT, DocumentKind.OTHER],
        title="Attach a document",
        back=reverse("documents:referral_list", args=[referral.pk]),
        template="documents/form.html",
        context={"referral": referral},
    )


@role_required(Role.REFERRER, Role.COORDINATOR)
def referral_download(request, referral_pk, pk):
    """A referral's document, once clean."""
    return _file(
        selectors.document_for_download(user=request.user, referral_pk=referral_pk, pk=pk)
    )


def _added(document) -> str:
    if document.status == document.Status.PENDING:
        return f"{document.title} added. It is being checked for viruses"
    return f"{document.title} added"


@role_required(*COURSE_READERS)
def course_list(request, course_pk):
    """A course's documents: the certificates written for its participants."""
    course = course_for_page(user=request.user, pk=course_pk)
    documents = _mark_downloadable(list(selectors.record_documents("course", course.pk)))
    return render(
        request,
        "documents/course_list.html",
        {
            "course": course,
            "documents": documents,
            "may_write": request.user.has_role(Role.COORDINATOR)
            and course.status in services.letters.CERTIFIED,
        },
    )


@role_required(*COURSE_READERS)
def course_download(request, course_pk, pk):
    """A course's certificate."""
    return _file(selectors.document_for_download(user=request.user, course_pk=course_pk, pk=pk))


@role_required(*TRAINEE_READERS)
def trainee_list(request, trainee_pk):
    """A trainee's documents: their certificates and accreditation."""
    trainee = trainee_for_page(user=request.user, pk=trainee_pk)
    documents = _mark_downloadable(list(selectors.record_documents("trainee", trainee.pk)))
    return render(
        request,
        "documents/trainee_list.html",
        {
            "trainee": trainee,
            "documents": documents,
            "scanner_configured": scanner.configured(),
        },
    )


@role_required(*TRAINEE_READERS)
def trainee_add(request, trainee_pk):
    """The trainee, their supervisor or a coordinator adds a certificate."""
    trainee = trainee_for_page(user=request.user, pk=trainee_pk)
    return _add_page(
        request,
        on={"trainee_id": trainee.pk},
        kinds=[DocumentKind.CERTIFICATE_RECEIVED, DocumentKind.OTHER],
        title="Add a certificate",
        back=reverse("documents:trainee_list", args=[trainee.pk]),
        template="documents/form.html",
        context={"trainee": trainee},
    )


@role_required(*TRAINEE_READERS)
def trainee_download(request, trainee_pk, pk):
    """A trainee's document, once clean."""
    return _file(selectors.document_for_download(user=request.user, trainee_pk=trainee_pk, pk=pk))


@require_POST
@role_required(Role.GUIDER, Role.COORDINATOR)
def case_check_again(request, case_pk, pk):
    """Check a case's document again after its check failed or was never made."""
    case = case_for_page(user=request.user, pk=case_pk)
    if not case_access(user=request.user, case=case).works_on:
        raise PermissionDenied
    document = selectors.document_for_download(user=request.user, case_pk=case.pk, pk=pk)
    return act_and_return(
        request,
        lambda: services.document_scan_again(document_id=document.pk, by=request.user),
        back=reverse("documents:case_list", args=[case.pk]),
        done=lambda checked: f"{checked.title} is being checked for viruses again",
    )

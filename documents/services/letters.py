"""Writes for letters: saving a template's new version, and writing a letter as a document.

A written letter is a PDF kept on its record like an upload, marked as checked (the service
wrote it, nothing was uploaded) and recording the template version it used
(docs/architecture.md, "Letters").
"""

import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from cases.models import Case
from cases.rules import CLOSED_MESSAGE
from documents.errors import DocumentError
from documents.letters import placeholders
from documents.letters.pdf import letter_html, letter_pdf
from documents.letters.specs import SPECS
from documents.letters.values import (
    certificate_values,
    closure_values,
    contract_values,
    referral_values,
    service_values,
)
from documents.models import (
    Document,
    DocumentEventAction,
    DocumentKind,
    LetterKind,
    LetterTemplate,
    ScanStatus,
    documents_storage,
    record_event,
)
from documents.services.uploads import store_folder
from referrals.models import Referral
from training.models import Course, Enrolment
from vig_service.accounts.models import User
from vig_service.core.errors import RuleBroken
from vig_service.core.transitions import lock

DECIDED = {Referral.Status.ACCEPTED, Referral.Status.ALLOCATED, Referral.Status.DECLINED}
CERTIFIED = {Course.Status.DELIVERED, Course.Status.CLOSED}


def letter_template_current(kind: str) -> LetterTemplate:
    """The newest version of a letter's template; version 1, the first wording, if none."""
    latest = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    if latest is not None:
        return latest
    spec = SPECS[kind]
    try:
        with transaction.atomic():
            return LetterTemplate.objects.create(
                kind=kind, version=1, title=spec.title, body=spec.body
            )
    except IntegrityError:  # written at the same moment by another request
        return LetterTemplate.objects.get(kind=kind, version=1)


def check_letter_template(kind: str, *, title: str, body: str) -> None:
    """Refuse a template the service could not fill in, naming what is wrong."""
    allowed = SPECS[kind].allowed
    try:
        if not title.strip():
            raise RuleBroken("Enter the letter's title", field="title")
        placeholders.check_template(body, allowed)
        if placeholders.placeholders_used(title):
            raise RuleBroken("The title cannot hold placeholders", field="title")
    except RuleBroken as broken:
        raise DocumentError(broken.message, field=broken.field) from None


@transaction.atomic
def letter_template_save(
    *, kind: str, title: str, body: str, by: User, loaded_version: int
) -> LetterTemplate:
    """Save a template's wording as its next version; refused if someone saved one since."""
    check_letter_template(kind, title=title, body=body)
    # Saves of one letter queue on its newest row; the second then finds the first's version.
    lock(LetterTemplate.objects, pk=letter_template_current(kind).pk)
    newest = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    if newest.version != loaded_version:
        who = newest.saved_by.full_name if newest.saved_by else "Someone"
        raise DocumentError(
            f"{who} saved version {newest.version} of this letter after you opened it, so "
            "nothing was saved. Check their wording below and save yours again if it is still "
            "needed"
        )
    body = body.replace("\r\n", "\n").strip() + "\n"
    if (title.strip(), body) == (newest.title, newest.body):
        return newest
    return LetterTemplate.objects.create(
        kind=kind, version=newest.version + 1, title=title.strip(), body=body, saved_by=by
    )


def letter_preview(kind: str, *, title: str, body: str) -> placeholders.Rendered:
    """The letter as it would read, each placeholder showing what goes there: the preview."""
    check_letter_template(kind, title=title, body=body)
    spec = SPECS[kind]
    return placeholders.render(body, spec.allowed, {**service_values(), **_example_values(spec)})


def _example_values(spec) -> dict:
    """Each placeholder shown as its description, so the preview says what will go where."""
    return {
        placeholder.name: (f"[{placeholder.means}]",)
        if placeholder.block
        else f"[{placeholder.means}]"
        for placeholder in spec.placeholders
        if placeholder.name not in {"service_name", "today"}
    }


def _write(
    *,
    kind: str,
    values: dict,
    on: dict,
    by: User,
    name: str,
    enrolment=None,
    template: LetterTemplate | None = None,
    service: dict | None = None,
):
    """Fill in the current template, lay it out as a PDF and keep it on the record `on`.

    `on` is the record itself ({"case": case}); a closed case still takes its summaries. A
    run of letters (a course's certificates) passes the `template` and `service` values once.
    """
    template = template or letter_template_current(kind)
    spec = SPECS[kind]
    values = {**(service or service_values()), **values}
    rendered = placeholders.render(template.body, spec.allowed, values)
    pdf = letter_pdf(
        letter_html(
            title=template.title,
            rendered=rendered,
            service_name=values["service_name"],
            signature=kind == LetterKind.CONTRACT,
        )
    )
    store = documents_storage()
    ((record_name, record),) = on.items()
    folder = store_folder({record_name: record.pk})
    stored = store.save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
    try:
        with transaction.atomic():
            document = Document.objects.create(
                **on,
                enrolment=enrolment,
                kind=DocumentKind.LETTER,
                letter=template,
                title=f"{spec.label}{name and f': {name}'}",
                stored_name=stored,
                filename=f"{slugify(spec.label)}{name and '-' + slugify(name)}.pdf",
                content_type="application/pdf",
                size=len(pdf),
                # Written here from the service's own template: nothing was uploaded to check.
                status=ScanStatus.CLEAN,
                scan_detail="Written by the service",
                uploaded_by=by,
            )
            record_event(
                document,
                by=by,
                action=DocumentEventAction.WRITTEN,
                note=f"{document.title}, from version {template.version} of the template",
            )
    except BaseException:
        store.delete(stored)
        raise
    return document


def letter_write_contract(*, case_id: int, by: User) -> Document:
    """Write the family's contract to print and sign, from the case as it is now."""
    case = Case.objects.select_related("referral", "guider", "co_worker").get(pk=case_id)
    if case.status == Case.Status.CLOSED:
        raise DocumentError(CLOSED_MESSAGE)
    values = contract_values(case)
    if not values["helping_questions"]:
        raise DocumentError(
            "Add the family's helping questions before writing the contract: it lists them"
        )
    return _write(
        kind=LetterKind.CONTRACT,
        values=values,
        on={"case": case},
        by=by,
        name=case.referral.reference,
    )


def letter_write_decision(*, referral_id: int, by: User) -> Document:
    """Write the letter telling the referrer the referral was accepted, or declined and why."""
    referral = Referral.objects.select_related("referrer__team").get(pk=referral_id)
    if referral.status not in DECIDED:
        raise DocumentError(
            "The letter to the referrer is written once the referral is accepted or declined"
        )
    kind = (
        LetterKind.DECLINE
        if referral.status == Referral.Status.DECLINED
        else LetterKind.ACCEPTANCE
    )
    return _write(
        kind=kind,
        values=referral_values(referral),
        on={"referral": referral},
        by=by,
        name=referral.reference,
    )


def letters_write_closure(*, case_id: int, by: User) -> list[Document]:
    """The closure summaries for the family and for the referrer, with the ratings' charts."""
    case = Case.objects.select_related("referral__referrer__team", "guider", "co_worker").get(
        pk=case_id
    )
    if case.status != Case.Status.CLOSED:
        raise DocumentError("The closure summary is written once the case is closed")
    values = closure_values(case)
    on = {"case": case}
    return [
        _write(kind=kind, values=values, on=on, by=by, name=case.referral.reference)
        for kind in (LetterKind.CLOSURE_FAMILY, LetterKind.CLOSURE_REFERRER)
    ]


def certificates_write(*, course_id: int, by: User) -> list[Document]:
    """A certificate for each participant who completed the course and has none yet."""
    course = Course.objects.get(pk=course_id)
    if course.status not in CERTIFIED:
        raise DocumentError("Certificates are written once the course has been delivered")
    done = Document.objects.filter(course=course, letter__kind=LetterKind.CERTIFICATE)
    enrolments = (
        Enrolment.objects.filter(course=course)
        .completed()
        .exclude(pk__in=done.values("enrolment_id"))
        .select_related("course")
        .prefetch_related("course__days")
    )
    template, service = letter_template_current(LetterKind.CERTIFICATE), service_values()
    written = [
        _write(
            kind=LetterKind.CERTIFICATE,
            values=certificate_values(enrolment),
            on={"course": course},
            by=by,
            name=enrolment.full_name,
            enrolment=enrolment,
            template=template,
            service=service,
        )
        for enrolment in enrolments
    ]
    if not written and not done.exists():
        raise DocumentError("No one has completed both days of this course yet")
    return written

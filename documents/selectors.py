"""Reads for documents: who may see which (as their record decides), and the lists."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cases.models import Case
from documents.models import Document, LetterTemplate
from referrals.models import Referral
from training.models import Course, Trainee


def visible_to(user):
    """The documents on the cases, referrals, courses and trainees the user may open; anything
    else is a 404.

    A referral's documents are also its case's: the guider reads what the referrer attached.
    """
    cases = Case.objects.visible_to(user).values("pk")
    return Document.objects.filter(
        Q(case__in=cases)
        | Q(referral__case__in=cases)
        | Q(referral__in=Referral.objects.visible_to(user).values("pk"))
        | Q(course__in=Course.objects.visible_to(user).values("pk"))
        | Q(trainee__in=Trainee.objects.visible_to(user).values("pk"))
    )


def case_documents(case: Case):
    """A case's documents and those its referral came with, newest first, with who added each."""
    return (
        Document.objects.filter(Q(case=case) | Q(referral_id=case.referral_id))
        .select_related("uploaded_by")
        .order_by("-created_at", "-pk")
    )


def referral_documents(referral: Referral):
    """A referral's documents, newest first."""
    return referral.documents.select_related("uploaded_by").order_by("-created_at", "-pk")


def record_documents(record: str, pk: int):
    """The documents on one course or trainee, newest first, with who added each."""
    return (
        Document.objects.filter(**{f"{record}_id": pk})
        .select_related("uploaded_by", "letter")
        .order_by("-created_at", "-pk")
    )


def document_for_download(
    *,
    user,
    pk,
    case_pk: int | None = None,
    referral_pk: int | None = None,
    course_pk: int | None = None,
    trainee_pk: int | None = None,
):
    """One document on a record the user may open, through that record's URL; else 404."""
    documents = visible_to(user)
    if case_pk is not None:
        case = get_object_or_404(Case.objects.visible_to(user), pk=case_pk)
        documents = documents.filter(Q(case=case) | Q(referral_id=case.referral_id))
    elif referral_pk is not None:
        documents = documents.filter(referral_id=referral_pk)
    elif course_pk is not None:
        documents = documents.filter(course_id=course_pk)
    else:
        documents = documents.filter(trainee_id=trainee_pk)
    return get_object_or_404(documents, pk=pk)


def letter_templates() -> list[LetterTemplate]:
    """The newest version of each kind of letter that has been saved, by kind."""
    return list(LetterTemplate.objects.order_by("kind", "-version").distinct("kind"))

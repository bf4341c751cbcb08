"""Reads for documents: who may see which (as their case or referral decides), and the lists."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from cases.models import Case
from documents.models import Document
from referrals.models import Referral


def visible_to(user):
    """The documents on the cases and referrals the user may open; anything else is a 404.

    A referral's documents are also its case's: the guider reads what the referrer attached.
    """
    cases = Case.objects.visible_to(user).values("pk")
    return Document.objects.filter(
        Q(case__in=cases)
        | Q(referral__case__in=cases)
        | Q(referral__in=Referral.objects.visible_to(user).values("pk"))
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


def document_for_download(*, user, case_pk: int | None = None, referral_pk: int | None = None, pk):
    """One document on a case (or its referral) or a referral the user may open; else 404."""
    documents = visible_to(user)
    if case_pk is not None:
        case = get_object_or_404(Case.objects.visible_to(user), pk=case_pk)
        documents = documents.filter(Q(case=case) | Q(referral_id=case.referral_id))
    else:
        documents = documents.filter(referral_id=referral_pk)
    return get_object_or_404(documents, pk=pk)

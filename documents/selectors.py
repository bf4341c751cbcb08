"""Reads for documents: who may see which (as their case decides), and a case's list."""

from django.shortcuts import get_object_or_404

from cases.models import Case
from documents.models import Document


def visible_to(user):
    """The documents on the cases the user may open; anything else is a 404 for them."""
    return Document.objects.filter(case__in=Case.objects.visible_to(user).values("pk"))


def case_documents(case: Case):
    """A case's documents, newest first, with who added each."""
    return case.documents.select_related("uploaded_by").order_by("-created_at", "-pk")


def document_for_download(*, user, case_pk: int, pk: int) -> Document:
    """One document on a case the user may open; 404 otherwise."""
    return get_object_or_404(visible_to(user), case_id=case_pk, pk=pk)

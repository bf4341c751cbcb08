"""The demo's letters: the written contract of the demo guider's first active case."""

from cases.models import Case
from documents.models import Document
from documents.services import letter_write_contract


def seed_letters(*, guider) -> int:
    """Write the contract of the guider's first active case with questions; 0 if already done."""
    if Document.objects.filter(kind=Document.Kind.LETTER).exists():
        return 0
    case = (
        Case.objects.filter(guider=guider, status=Case.Status.ACTIVE)
        .filter(helping_questions__isnull=False)
        .order_by("pk")
        .first()
    )
    if case is None:
        return 0
    letter_write_contract(case_id=case.pk, by=guider)
    return 1

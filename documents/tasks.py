"""The virus check as a django-tasks task: queued when a document is kept."""

from django_tasks import task


@task()
def scan_document(*, document_id: int) -> str:
    """Check one document with the scanner; returns its status afterwards."""
    from documents.services import document_scan

    return document_scan(document_id=document_id).status


@task()
def write_closure_summaries(*, case_id: int, by_id: int) -> int:
    """Write a closed case's summaries for the family and the referrer; returns how many."""
    from documents.services import letters_write_closure
    from vig_service.accounts.models import User

    return len(letters_write_closure(case_id=case_id, by=User.objects.get(pk=by_id)))


def queue_closure_summaries(case_id: int, by_id: int) -> None:
    """Queue the summaries of a case that has just closed (registered with cases)."""
    write_closure_summaries.enqueue(case_id=case_id, by_id=by_id)

"""The virus check as a django-tasks task: queued when a document is kept."""

from django_tasks import task


@task()
def scan_document(*, document_id: int) -> str:
    """Check one document with the scanner; returns its status afterwards."""
    from documents.services import document_scan

    return document_scan(document_id=document_id).status

"""manage.py scan_documents: check again every document still waiting for its virus check."""

from django.core.management.base import BaseCommand

from documents.models import Document
from documents.services import document_scan


class Command(BaseCommand):
    help = (
        "Check every document still waiting for its virus check (the daemon was down or slow "
        "when it was added). After three failed tries a document is shown as failed. Run every "
        "few minutes."
    )

    def handle(self, *args, **options):
        waiting = Document.objects.filter(status=Document.Status.PENDING).values_list(
            "pk", flat=True
        )
        done = [document_scan(document_id=pk).status for pk in list(waiting)]
        self.stdout.write(
            f"Checked {len(done)}: {done.count('clean')} clean, {done.count('infected')} "
            f"quarantined, {done.count('pending')} still waiting, {done.count('failed')} failed"
        )

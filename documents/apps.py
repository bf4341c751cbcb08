from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents kept on a case: uploaded, scanned for malware, downloaded only when clean."""

    name = "documents"
    verbose_name = "Documents"

    def ready(self):
        from cases.closing import register_after_close
        from documents.tasks import queue_closure_summaries

        register_after_close("closure summaries", queue_closure_summaries)

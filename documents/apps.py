from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents kept on a case: uploaded, scanned for malware, downloaded only when clean."""

    name = "documents"
    verbose_name = "Documents"

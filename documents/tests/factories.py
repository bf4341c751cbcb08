"""Documents for tests: small real files, with the first bytes each type is known by."""

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.tests.factories import CaseFactory
from documents.models import Document, documents_storage

# A minimal PDF: enough for the type to be read from its content.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(content: bytes = PDF, name: str = "plan.pdf") -> SimpleUploadedFile:
    """A file as the browser sends it."""
    return SimpleUploadedFile(name, content)


class DocumentFactory(factory.django.DjangoModelFactory):
    """A clean PDF on a new case, stored in the private store."""

    class Meta:
        model = Document

    case = factory.SubFactory(CaseFactory)
    kind = Document.Kind.OTHER
    title = factory.Sequence(lambda n: f"Document {n}")
    filename = "document.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    status = Document.Status.CLEAN
    uploaded_by = factory.SelfAttribute("case.guider")
    stored_name = factory.LazyFunction(
        lambda: documents_storage().save("cases/test/document.pdf", ContentFile(PDF))
    )

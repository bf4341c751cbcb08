"""A written letter read back: its text and its document properties, with pypdf."""

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass
class ReadPdf:
    """What a reader (or a screen reader) finds in a PDF."""

    text: str
    title: str
    language: str
    tagged: bool
    pages: int


def read_pdf(data: bytes) -> ReadPdf:
    """The PDF's text (spaces and line breaks made single) and its catalogue's properties."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    root = reader.trailer["/Root"]
    return ReadPdf(
        text=" ".join(text.split()),
        title=str(reader.metadata.title or ""),
        language=str(root.get("/Lang", "")),
        tagged="/StructTreeRoot" in root,
        pages=len(reader.pages),
    )


def read_document(document) -> ReadPdf:
    """A kept document's PDF, read back."""
    with document.open() as stored:
        return read_pdf(stored.read())

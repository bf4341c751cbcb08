"""Pure rules for documents: the file's real type, its size, its name, and whether it is served.

The type is read from the content, never the name (a renamed program stays a program); video
is refused because the service never keeps footage (docs/architecture.md, "Documents").
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype

from vig_service.core.errors import RuleBroken

# What may be kept, by the type read from the content: (label, extension the file is saved as).
ALLOWED_TYPES = {
    "application/pdf": ("PDF", "pdf"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word", "docx"),
    "image/jpeg": ("JPEG photo", "jpg"),
    "image/png": ("PNG image", "png"),
}
# The most a document may weigh, unless the Configuration page says less.
MAX_BYTES = 10 * 1024 * 1024
# How much of the start of a file is read to tell its type.
HEAD_BYTES = 8192
NAME_LENGTH = 120
# A PDF that runs script when opened: refused, as no letter or form needs it.
PDF_SCRIPT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b")


@dataclass(frozen=True)
class FileType:
    """What a file really is."""

    content_type: str
    label: str
    extension: str


def allowed_labels(allowed=None) -> str:
    """The allowed types in words, for the hint and the messages."""
    labels = [
        label for mime, (label, _) in ALLOWED_TYPES.items() if allowed is None or mime in allowed
    ]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def megabytes(size: int) -> str:
    """A limit in words, for example 10 MB."""
    return f"{size // (1024 * 1024)} MB"


def check_file(*, head: bytes, size: int, max_bytes: int = MAX_BYTES, allowed=None) -> FileType:
    """The file's type from its first bytes, or the reason it cannot be kept.

    `allowed` is the Configuration page's list of types (all of ALLOWED_TYPES when None).
    """
    allowed = list(ALLOWED_TYPES) if allowed is None else allowed
    if size == 0:
        raise RuleBroken("The selected file is empty", field="file")
    if size > max_bytes:
        raise RuleBroken(
            f"The selected file must be smaller than {megabytes(max_bytes)}",
            field="file",
        )
    kind = filetype.guess(head)
    if kind is not None and kind.mime.startswith("video/"):
        raise RuleBroken(
            "Video cannot be kept here: footage stays on the service's encrypted devices",
            field="file",
        )
    if kind is None or kind.mime not in allowed:
        raise RuleBroken(f"The selected file must be a {allowed_labels(allowed)}", field="file")
    label, extension = ALLOWED_TYPES[kind.mime]
    return FileType(content_type=kind.mime, label=label, extension=extension)


def check_pdf_content(data: bytes) -> None:
    """Refuse a PDF that carries script, a launch action or embedded files."""
    if PDF_SCRIPT.search(data):
        raise RuleBroken(
            "The selected PDF contains script or embedded files. Save it again as a plain PDF",
            field="file",
        )


def safe_filename(name: str, *, extension: str) -> str:
    """The uploaded name as it can be shown and offered back: no folders, controls or odd marks."""
    # Both kinds of separator: a Windows path arrives with backslashes.
    base = PureWindowsPath(PurePosixPath(name).name).name
    base = unicodedata.normalize("NFKC", base)
    base = "".join(c for c in base if unicodedata.category(c)[0] not in "CZ" or c == " ")
    stem = re.sub(r"[^\w .()-]+", "_", base.rsplit(".", 1)[0]).strip(" ._") or "document"
    return f"{stem[: NAME_LENGTH - len(extension) - 1]}.{extension}"


def may_download(status: str, *, unscanned_allowed: bool) -> bool:
    """Only a clean file is served; an unchecked one only where no scanner exists (the demo)."""
    from documents.models import ScanStatus

    return status == ScanStatus.CLEAN or (status == ScanStatus.NOT_SCANNED and unscanned_allowed)

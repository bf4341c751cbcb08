"""The file rules: the type from the content, the size, the name, script in a PDF."""

import pytest

from documents import rules
from documents.tests.factories import PDF, PNG
from vig_service.core.errors import RuleBroken

# The first bytes of an MP4 and of a Windows program.
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60


def test_a_pdf_and_a_png_are_known_by_their_content():
    assert rules.check_file(head=PDF, size=len(PDF)).content_type == "application/pdf"
    assert rules.check_file(head=PNG, size=len(PNG)).extension == "png"


@pytest.mark.parametrize(
    ("head", "size", "message"),
    [
        (b"", 0, "The selected file is empty"),
        (PDF, 11 * 1024 * 1024, "must be smaller than 10 MB"),
        (MP4, 5000, "Video cannot be kept here"),
        (EXE, 5000, "must be a PDF, Word, JPEG photo or PNG image"),
        (b"just some text", 14, "must be a PDF"),
    ],
)
def test_what_cannot_be_kept_is_refused_in_words(head, size, message):
    with pytest.raises(RuleBroken, match=message):
        rules.check_file(head=head, size=size)


def test_a_program_renamed_to_pdf_is_still_refused():
    """The name plays no part: only the content decides."""
    with pytest.raises(RuleBroken, match="must be a PDF"):
        rules.check_file(head=EXE, size=len(EXE))


@pytest.mark.parametrize("action", [b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile"])
def test_a_pdf_that_runs_script_or_carries_files_is_refused(action):
    with pytest.raises(RuleBroken, match="contains script or embedded files"):
        rules.check_pdf_content(PDF + b"<< /OpenAction << /S " + action + b" >> >>")
    rules.check_pdf_content(PDF)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\kim\\Plan for Amy.docx", "Plan for Amy.pdf"),
        ("report\x00\x1b[31m.pdf", "report_31m.pdf"),
        ("", "document.pdf"),
        ("....", "document.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_names_lose_folders_and_control_characters_and_take_the_real_extension(name, expected):
    assert rules.safe_filename(name, extension="pdf") == expected


def test_only_a_clean_file_is_served_and_an_unchecked_one_only_in_the_demo():
    assert rules.may_download("clean", unscanned_allowed=False)
    assert not rules.may_download("pending", unscanned_allowed=True)
    assert not rules.may_download("infected", unscanned_allowed=True)
    assert not rules.may_download("not_scanned", unscanned_allowed=False)
    assert rules.may_download("not_scanned", unscanned_allowed=True)

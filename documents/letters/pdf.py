"""A letter as a PDF: its template filled in, laid out by WeasyPrint with Debian's fonts.

The page is rendered from `documents/letters/letter.html`; WeasyPrint may fetch nothing (no
network, no files), so a value in a letter cannot pull anything in. The PDF is tagged, with
its title and language, for screen readers (PDF/UA where WeasyPrint allows).
"""

from django.template.loader import render_to_string
from weasyprint import HTML

from documents.letters.placeholders import Rendered


class FetchRefused(ValueError):
    """A letter asked WeasyPrint for a resource: never allowed."""


def _no_fetching(url, *args, **kwargs):
    raise FetchRefused(f"A letter may not load {url[:80]}")


def letter_html(*, title: str, rendered: Rendered, service_name: str, signature: bool) -> str:
    """The letter as the HTML page WeasyPrint lays out (and the preview shows)."""
    return render_to_string(
        "documents/letters/letter.html",
        {
            "title": title,
            "blocks": rendered.blocks,
            "service_name": service_name,
            "signature": signature,
        },
    )


def letter_pdf(html: str) -> bytes:
    """The PDF of a letter's page."""
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )

"""Streaming CSV downloads: constant memory whatever the size, safe to open in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from numbers import Number

from django.http import StreamingHttpResponse
from django.utils import timezone

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def escape_cell(value) -> str:
    """The cell as text, with a leading ' where a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        value = value.isoformat()
    text = str(value)
    if isinstance(value, Number):
        # Negative numbers are numbers, not formulas: keep them readable as numbers.
        return text
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The header line, then one escaped line per row, produced one at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow([escape_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([escape_cell(cell) for cell in row])


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]):
    """A streamed CSV download: rows are written as the client reads them, never all held."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

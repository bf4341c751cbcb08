"""Streaming CSV downloads: constant memory whatever the size, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from numbers import Number

from django.http import StreamingHttpResponse
from django.utils import timezone

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows written per piece of the response: few enough to keep memory flat, enough to be quick.
ROWS_PER_PIECE = 500


def escape_cell(value) -> str:
    """The cell as text, with a leading ' where a spreadsheet would read it as a formula."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Number):
        # Negative numbers are numbers, not formulas: they stay readable as numbers.
        return str(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return escape_cell(str(value))


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The header line, then the escaped rows, a few hundred at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([escape_cell(cell) for cell in row])
        if count % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]):
    """A streamed CSV download: rows are written as the client reads them, never all held."""
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

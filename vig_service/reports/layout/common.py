"""What the reports' tables share: labels, month rows and waiting-time figures."""

from datetime import date

from vig_service.reports import queries
from vig_service.reports.tables import Figure, Table

NOT_GIVEN = "Not given"
TIER_COLUMNS = [(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3"), (4, "Tier 4"), (None, "No tier")]


def month_label(month: date) -> str:
    """A month as the tables show it, "Jan 2025"."""
    return f"{month:%b %Y}"


def pivot(
    counts: queries.MonthCounts, *, months: list[date], columns: list[tuple[object, str]]
) -> list[tuple[str, list[Figure]]]:
    """Rows of month × category counts, each with its total, then the totals row.

    Every number comes from the database (counts, and totals counted there too); this only
    puts each in its place, with a nought where the database had no such rows.
    """
    rows = [
        (
            month_label(month),
            [Figure(counts.counts.get((month, key), 0)) for key, _ in columns]
            + [Figure(counts.month_totals.get(month, 0))],
        )
        for month in months
    ]
    totals = [Figure(counts.column_totals.get(key, 0)) for key, _ in columns]
    rows.append(("Total", [*totals, Figure(counts.total)]))
    return rows


def no_figures() -> list[Figure]:
    """A group with no records: a nought and two blanks."""
    return [Figure(0), Figure(None, kind="days", base=0), Figure(None, kind="days", base=0)]


def wait_figures(row, *, last: str = "p90") -> list[Figure]:
    """Count, median and a second measure (90th percentile or longest) of one group."""
    if not row:
        return no_figures()
    base = row["n"]
    return [Figure(base), Figure.days(row["median"], base=base), Figure.days(row[last], base=base)]


def charted_counts(slug: str, caption: str, row_header: str, column: str, rows, **extra) -> Table:
    """A table of one column of counts, drawn as a bar chart beside it."""
    return Table(
        slug=slug,
        caption=caption,
        row_header=row_header,
        columns=[column],
        rows=list(rows),
        chart_column=0,
        **extra,
    )


def counts_and_shares(slug, caption, row_header, columns, counts, *, whole: int) -> Table:
    """A table of (label, count) rows with each count's share of `whole`, charted by count."""
    return Table(
        slug=slug,
        caption=caption,
        row_header=row_header,
        columns=columns,
        rows=[(label, [Figure(n), Figure.percent(n, whole)]) for label, n in counts],
        chart_column=0,
    )

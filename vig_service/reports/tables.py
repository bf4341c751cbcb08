"""The shape of a report: tables of figures, shown on the page and written to CSV."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from vig_service.reports.charts import BarChart, bar_chart


@dataclass(frozen=True)
class Figure:
    """One number in a table, with what it is and the count it stands on.

    `kind` is count, percent, days or number. `base` is the number of records a percent,
    median or mean is computed from, so a small base can be hidden as well as a small count.
    """

    value: int | float | Decimal | None
    kind: str = "count"
    base: int | None = None
    # A page listing the records the figure counts, for those who may open it.
    url: str = ""

    @classmethod
    def days(cls, interval: timedelta | None, *, base: int) -> "Figure":
        """A length of time in days, to one decimal place."""
        if interval is None:
            return cls(None, kind="days", base=base)
        return cls(round(interval.total_seconds() / 86400, 1), kind="days", base=base)

    @classmethod
    def percent(cls, part: int, whole: int) -> "Figure":
        """`part` as a percentage of `whole`, to one decimal place; nothing when whole is 0."""
        value = round(100 * part / whole, 1) if whole else None
        return cls(value, kind="percent", base=whole)

    @classmethod
    def number(cls, value, *, base: int) -> "Figure":
        """A mean or other measure, to one decimal place."""
        return cls(None if value is None else round(float(value), 1), kind="number", base=base)

    def shown(self) -> str:
        """The figure as the page shows it."""
        if self.value is None:
            return "–"
        if self.kind == "percent":
            return f"{self.value:g}%"
        if self.kind == "count" or isinstance(self.value, int):
            return f"{self.value:,}"
        return f"{self.value:,.1f}".removesuffix(".0")

    def shared(self, threshold: int | None):
        """The figure for a download: with a threshold, small counts become "fewer than N"."""
        if self.value is None:
            return ""
        if threshold is not None:
            small = self.base if self.kind != "count" else self.value
            if small is not None and 0 < small < threshold:
                return f"fewer than {threshold}" if self.kind == "count" else "not shown"
        return self.value


@dataclass
class Table:
    """A table of figures: a row header, value columns, and rows of (label, figures)."""

    slug: str
    caption: str
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[Figure]]]
    # Which column the chart draws, if the table has a chart.
    chart_column: int | None = None
    note: str = ""
    # A page of the rows (a Django Page, for the pagination include), when there are pages.
    page: object = None
    chart: BarChart | None = field(default=None, init=False)

    def __post_init__(self):
        if self.chart_column is not None and self.rows:
            self.chart = bar_chart(
                [(label, figures[self.chart_column]) for label, figures in self.rows],
                title=f"{self.caption}: {self.columns[self.chart_column].lower()}",
            )

    def csv_rows(self, threshold: int | None):
        """Long-format rows (table, row, column, value), which any spreadsheet can pivot."""
        for label, figures in self.rows:
            for column, figure in zip(self.columns, figures, strict=True):
                yield (self.caption, label, column, figure.shared(threshold))


@dataclass
class Report:
    """A report for one date range: headline figures and its tables."""

    slug: str
    title: str
    summary: list[tuple[str, Figure]]
    tables: list[Table]

    CSV_HEADER = ("Table", "Row", "Column", "Value")

    def csv_rows(self, threshold: int | None):
        """Every figure of the report, headline figures first."""
        for label, figure in self.summary:
            yield ("Summary", label, "Value", figure.shared(threshold))
        for table in self.tables:
            yield from table.csv_rows(threshold)

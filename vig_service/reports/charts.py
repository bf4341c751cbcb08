"""Geometry for server-rendered SVG bar charts; the numbers are always in a table beside them."""

from dataclasses import dataclass

LABEL_WIDTH = 170  # room for a label such as "Safeguarding escalation" or "Sept 2026"
BAR_AREA = 260
VALUE_WIDTH = 60
ROW_HEIGHT = 24
BAR_HEIGHT = 16
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its row's label, the value written after it, and where it is drawn."""

    label: str
    shown: str
    y: float
    width: float
    label_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart, one bar per row of a table."""

    width: int
    height: int
    bars: list[Bar]
    bar_left: int
    bar_height: int
    description: str


def bar_chart(rows, *, title: str) -> BarChart:
    """Bars for (label, Figure) rows, scaled to the largest value; empty values draw no bar."""
    values = [float(figure.value) for _, figure in rows if figure.value is not None]
    largest = max([value for value in values if value > 0], default=1)
    bars = []
    for index, (label, figure) in enumerate(rows):
        value = float(figure.value) if figure.value is not None else 0
        width = round(BAR_AREA * max(value, 0) / largest, 1)
        y = TOP + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                shown=figure.shown(),
                y=y,
                width=width,
                label_y=y + BAR_HEIGHT - 3,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    said = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars) or "no figures"
    return BarChart(
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=TOP * 2 + ROW_HEIGHT * max(len(bars), 1),
        bars=bars,
        bar_left=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
        description=f"Bar chart of {title}. {said}.",
    )

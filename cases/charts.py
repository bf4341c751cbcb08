"""Geometry for the small server-rendered SVG charts of helping-question ratings."""

from dataclasses import dataclass

TOP, BOTTOM, LEFT, RIGHT = 12, 40, 36, 24
PLOT_HEIGHT = 140
STEP = 84  # horizontal space for each rating, enough for a label like "Baseline"
SCALE = (0, 5, 10)


@dataclass(frozen=True)
class ChartPoint:
    """One rating placed on the chart."""

    x: float
    y: float
    label: str
    value: int


@dataclass(frozen=True)
class RatingChart:
    """A line chart of ratings from 0 to 10, in the order they were given."""

    width: int
    height: int
    points: list[ChartPoint]
    gridlines: list[tuple[float, int]]
    plot_left: int
    plot_right: int
    axis_y: float
    description: str

    @property
    def polyline(self) -> str:
        """The points attribute of the line joining the ratings."""
        return " ".join(f"{point.x:g},{point.y:g}" for point in self.points)


def _y(value: int) -> float:
    return TOP + PLOT_HEIGHT * (10 - value) / 10


def rating_chart(ratings: list[tuple[str, int]], *, title: str) -> RatingChart:
    """Place (label, value) ratings evenly from left to right on a 0–10 scale."""
    count = len(ratings)
    width = LEFT + RIGHT + STEP * max(count, 2)
    points = [
        ChartPoint(x=LEFT + STEP * index + STEP / 2, y=_y(value), label=label, value=value)
        for index, (label, value) in enumerate(ratings)
    ]
    said = ", ".join(f"{label} {value}" for label, value in ratings) or "no ratings yet"
    return RatingChart(
        width=width,
        height=TOP + PLOT_HEIGHT + BOTTOM,
        points=points,
        gridlines=[(_y(value), value) for value in SCALE],
        plot_left=LEFT,
        plot_right=width - RIGHT,
        axis_y=TOP + PLOT_HEIGHT + 18,
        description=f"Ratings out of 10 for “{title}”: {said}.",
    )

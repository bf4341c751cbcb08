"""The training report as tables."""

from datetime import date

from training.models import CourseKind
from vig_service.reports import queries
from vig_service.reports.forms import DateRange
from vig_service.reports.layout.common import charted_counts, wait_figures
from vig_service.reports.queries import DELIVERED
from vig_service.reports.tables import Figure, Report, Table


def _course_row(course: dict) -> tuple[str, list[Figure]]:
    delivered = course["status"] in DELIVERED
    enrolled, completed = course["enrolled_count"], course["completed_count"]
    return (
        f"{course['starts_on']:%-d %b %Y}, {CourseKind(course['kind']).label}",
        [
            Figure(course["capacity"], kind="number"),
            Figure(enrolled),
            Figure.percent(enrolled, course["capacity"]),
            Figure(course["waiting_count"]),
            Figure(completed if delivered else None),
            Figure.percent(completed, enrolled) if delivered else Figure(None, kind="percent"),
        ],
    )


def training_report(date_range: DateRange, *, today: date | None = None) -> Report:
    """Courses starting in the range (places, fill, completion), trainees by stage today, and
    the time from the initial course to accreditation for those accredited in the range.

    A participant completes a course by attending, or making up, every one of its days.
    """
    figures = queries.course_figures(date_range)
    totals, stages, accreditation = figures["totals"], figures["stages"], figures["accreditation"]
    places, enrolled, completed = (
        totals["places"] or 0,
        totals["enrolled"] or 0,
        totals["completed"] or 0,
    )
    accredited = accreditation["n"]
    return Report(
        slug="training",
        title="Training",
        summary=[
            ("Courses starting in these dates", Figure(totals["courses"])),
            ("Places", Figure(places)),
            ("Participants with a place", Figure(enrolled)),
            ("Fill rate", Figure.percent(enrolled, places)),
            ("Completed the course (delivered courses)", Figure(completed)),
            (
                "Completion rate (delivered courses)",
                Figure.percent(completed, totals["delivered_enrolled"] or 0),
            ),
            ("Accredited in these dates", Figure(accredited)),
            (
                "Median days from the initial course to accreditation",
                Figure.days(accreditation["median"], base=accredited),
            ),
        ],
        tables=[
            Table(
                slug="courses",
                caption="Courses starting in these dates",
                row_header="Course",
                columns=[
                    "Places",
                    "With a place",
                    "Fill rate",
                    "Waiting list",
                    "Completed",
                    "Completion rate",
                ],
                rows=[_course_row(course) for course in figures["courses"]],
                chart_column=2,
                note="Completion is counted once a course has been delivered: a participant "
                "completes it by attending, or making up, every day.",
            ),
            charted_counts(
                "trainees-by-stage",
                "Trainees by stage today",
                "Stage",
                "Trainees",
                [
                    *((f"Stage {n}", [Figure(stages[f"stage_{n}"])]) for n in (1, 2, 3)),
                    ("Accredited", [Figure(stages["accredited"])]),
                ],
            ),
            Table(
                slug="time-to-accreditation",
                caption="Days from the first day of the initial course to accreditation",
                row_header="Trainees",
                columns=["Trainees", "Median days", "90th percentile days"],
                rows=[("Accredited in these dates", wait_figures(accreditation))],
            ),
        ],
    )

"""What the clips teach, as a table: each principle's share of the cycles before a rise and
of the cycles without one."""

from cases.configuration import CaseSettings
from vig_service.reports import attunement
from vig_service.reports.forms import DateRange
from vig_service.reports.tables import Figure, Report, Table


def attunement_report(date_range: DateRange) -> Report:
    """How often each principle appeared before a helping question rose by 2 or more."""
    counts = attunement.principle_counts(date_range)
    rises, no_rises = counts["rises"], counts["no_rises"]
    names = list(CaseSettings.load().principles)
    names += sorted(name for name in counts["principles"] if name not in names)
    rows = []
    for name in names:
        entry = counts["principles"].get(name, {"rise": 0, "no_rise": 0})
        rows.append(
            (
                name,
                [
                    Figure(entry["rise"]),
                    Figure.percent(entry["rise"], rises),
                    Figure(entry["no_rise"]),
                    Figure.percent(entry["no_rise"], no_rises),
                ],
            )
        )
    return Report(
        slug="attunement",
        title="What the clips teach",
        summary=[
            ("Reviews where a helping question rose by 2 or more", Figure(rises)),
            ("Reviews without such a rise", Figure(no_rises)),
        ],
        tables=[
            Table(
                slug="principles-before-a-rise",
                caption="Principles shown in the clips of each cycle, by whether a helping "
                "question rose by 2 points or more at its shared review",
                row_header="Principle of attuned interaction",
                columns=[
                    "Cycles before a rise",
                    "Share of rises",
                    "Cycles without a rise",
                    "Share without a rise",
                ],
                rows=rows,
                note="Each helping question's step from its rating before (the baseline or "
                "the previous shared review) to the rating at a shared review counts once; the "
                "cycle before a rise is that review's cycle. Closure ratings are left out. This "
                "describes what happened together; it does not show that a principle caused "
                "the rise.",
            )
        ],
    )

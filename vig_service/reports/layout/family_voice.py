"""The outcome measures and family feedback reports as tables."""

from family.models import Helpfulness, Recommend
from measures import rules as measure_rules
from referrals.choices import RouteIn
from vig_service.reports import family_voice
from vig_service.reports.forms import DateRange
from vig_service.reports.layout.common import TIER_COLUMNS
from vig_service.reports.tables import Figure, Report, Table

PAIRED_COLUMNS = ["Families", "Median change", "Improved", "Improved share"]


def _paired(pairs: list[dict]) -> list[Figure]:
    n = len(pairs)
    improved = sum(1 for pair in pairs if pair["improved"])
    return [
        Figure(n),
        Figure.number(measure_rules.median([pair["change"] for pair in pairs]), base=n),
        Figure(improved),
        Figure.percent(improved, n),
    ]


def _label(entry) -> str:
    return f"{entry['measure'].name}: {entry['item'].wording}"


def measures_report(date_range: DateRange) -> Report:
    """Each measure item's paired change, before to after, for cases closed in the dates."""
    entries = family_voice.measure_pairs(date_range)
    tables = [
        Table(
            slug="paired-change",
            caption="Change from the first result to the last, for cases closed in these dates",
            row_header="Measure and item",
            columns=PAIRED_COLUMNS,
            rows=[(_label(entry), _paired(entry["pairs"])) for entry in entries],
            note="A family counts when the measure was taken before (at referral or the first "
            "cycle) and after (at closure or follow-up). Improved: a change of at least the "
            "measure's improvement margin in its better direction.",
        ),
    ]
    for slug, caption, key, columns in (
        ("by-tier", "priority tier", "tier", TIER_COLUMNS),
        ("by-route", "route in", "route", [*RouteIn.choices, ("", "Not recorded")]),
    ):
        rows = []
        for entry in entries:
            for value, name in columns:
                group = [pair for pair in entry["pairs"] if pair[key] == value]
                if group:
                    rows.append((f"{_label(entry)}, {name}", _paired(group)))
        tables.append(
            Table(
                slug=f"paired-change-{slug}",
                caption=f"Change from the first result to the last, by {caption}",
                row_header="Measure, item and group",
                columns=PAIRED_COLUMNS,
                rows=rows,
            )
        )
    families = max((len(entry["pairs"]) for entry in entries), default=0)
    return Report(
        slug="measures",
        title="Outcome measures",
        summary=[("Families with results before and after", Figure(families))],
        tables=tables,
    )


def feedback_report(date_range: DateRange) -> Report:
    """How families answered the feedback questionnaire, for answers sent in the dates."""
    counts = family_voice.feedback_counts(date_range)
    n = counts["n"]

    def shares(counter, choices):
        return [
            (label, [Figure(counter.get(value, 0)), Figure.percent(counter.get(value, 0), n)])
            for value, label in choices
        ]

    recommend = counts["recommend"].get(Recommend.YES, 0)
    helpful = counts["helpfulness"].get(Helpfulness.VERY, 0) + counts["helpfulness"].get(
        Helpfulness.QUITE, 0
    )
    return Report(
        slug="feedback",
        title="Family feedback",
        summary=[
            ("Answers sent", Figure(n)),
            ("Found VIG very or quite helpful", Figure.percent(helpful, n)),
            ("Would recommend VIG", Figure.percent(recommend, n)),
        ],
        tables=[
            Table(
                slug="helpfulness",
                caption="How helpful was VIG?",
                row_header="Answer",
                columns=["Answers", "Share"],
                rows=shares(counts["helpfulness"], Helpfulness.choices),
            ),
            Table(
                slug="recommend",
                caption="Would they recommend VIG to another family?",
                row_header="Answer",
                columns=["Answers", "Share"],
                rows=shares(counts["recommend"], Recommend.choices),
            ),
        ],
    )

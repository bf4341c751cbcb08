"""What the clips teach: each principle's count and share in cycles before a rise of 2 or
more, against cycles without one; closure ratings and cases closed outside the dates left
out; the download for sharing hides small numbers; a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles.models import Clip
from vig_service.reports.forms import DateRange
from vig_service.reports.layout import attunement_report
from vig_service.reports.tests.factories import closed_case_with_ratings

pytestmark = pytest.mark.django_db
YEAR = DateRange(start=date(2026, 1, 1), end=date(2026, 12, 31))


def _case(baseline, reviews, principles, *, closed_on=date(2026, 6, 1), closure=9):
    """A closed case whose cycle n's clip shows principles[n]."""
    case = closed_case_with_ratings(
        closed_on=closed_on,
        reason="completed",
        baseline=baseline,
        reviews=reviews,
        closure=closure,
    )
    for cycle, shown in zip(case.cycles.order_by("number"), principles, strict=True):
        Clip.objects.create(
            cycle=cycle, timestamp="01:00", description="A moment", principles=shown
        )
    return case


def _rows(report):
    (table,) = report.tables
    return {label: [figure.value for figure in figures] for label, figures in table.rows}


def test_principles_are_counted_in_cycles_before_a_rise_and_without_one():
    # 3 -> 6 (rise, cycle 1 shows attentive), 6 -> 7 (no rise, cycle 2 shows attentive and
    # receiving); closure 9 is left out.
    _case(3, [6, 7], [["Being attentive"], ["Being attentive", "Receiving initiatives"]])
    # 5 -> 5 (no rise, cycle 1 shows receiving).
    _case(5, [5], [["Receiving initiatives"]])
    # Closed before the dates: not counted.
    _case(1, [9], [["Being attentive"]], closed_on=date(2025, 12, 31))
    report = attunement_report(YEAR)
    summary = {label: figure.value for label, figure in report.summary}
    assert summary["Reviews where a helping question rose by 2 or more"] == 1
    assert summary["Reviews without such a rise"] == 2
    rows = _rows(report)
    assert rows["Being attentive"] == [1, 100.0, 1, 50.0]
    assert rows["Receiving initiatives"] == [0, 0.0, 2, 100.0]


def test_the_words_say_association_not_cause_and_small_numbers_are_hidden_for_sharing():
    _case(3, [6], [["Being attentive"]])
    report = attunement_report(YEAR)
    assert "does not show that a principle caused the rise" in report.tables[0].note
    shared = {row[1]: row[3] for row in report.csv_rows(5) if row[2] == "Share of rises"}
    assert shared["Being attentive"] == "not shown"
    counts = {row[1]: row[3] for row in report.csv_rows(5) if row[2] == "Cycles before a rise"}
    assert counts["Being attentive"] == "fewer than 5"


def test_the_report_asks_the_same_queries_for_one_case_or_four():
    _case(3, [6], [["Being attentive"]])
    attunement_report(YEAR)  # the first run also loads settings kept for the rest
    with CaptureQueriesContext(connection) as one:
        attunement_report(YEAR)
    for _ in range(3):
        _case(3, [6, 8], [["Being attentive"], ["Sharing the lead"]])
    with CaptureQueriesContext(connection) as four:
        attunement_report(YEAR)
    assert len(four) == len(one)

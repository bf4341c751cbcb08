"""The outcome measures and family feedback reports: paired PRFQ results by tier and route,
the improved share by the margin and direction, the "fewer than" rule in the CSV, and the
families' answers counted."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import ClosedCaseFactory
from family.models import FeedbackAnswer
from family.tests.factories import FamilyLinkFactory
from measures.services import measure_result_record, prfq_measure
from vig_service.accounts.tests.factories import GuiderFactory, ManagerFactory
from vig_service.reports.forms import DateRange
from vig_service.reports.layout import feedback_report, measures_report
from vig_service.reports.models import ReportSettings

pytestmark = pytest.mark.django_db
YEAR = DateRange(start=date(2026, 1, 1), end=date(2026, 12, 31))


def _family(before, after, *, tier=1, route="cmd", closed_on=date(2026, 6, 1)):
    """A closed case with PRFQ at referral and at closure (three subscale scores each)."""
    case = ClosedCaseFactory(
        closed_on=closed_on, referral__priority_tier=tier, referral__route_in=route
    )
    prfq = prfq_measure()
    items = list(prfq.current_version().items.all())
    guider = GuiderFactory()
    for point, scores, day in (("referral", before, 1), ("closure", after, 2)):
        measure_result_record(
            referral_id=case.referral_id,
            measure_id=prfq.pk,
            time_point=point,
            taken_on=date(2026, 1, day),
            scores={item.pk: Decimal(str(s)) for item, s in zip(items, scores, strict=True)},
            by=guider,
        )
    return case


def _rows(report, slug):
    table = next(table for table in report.tables if table.slug == slug)
    return {label: [figure.value for figure in figures] for label, figures in table.rows}


def test_paired_prfq_results_count_the_change_and_who_improved():
    # Pre-mentalizing: lower is better; interest: higher is better; the margin is 0.5.
    _family((4, 3, 3), (2, 3, 5))  # pre-mentalizing -2 (improved), interest +2 (improved)
    _family((3, 3, 4), (3.25, 3, 4.25))  # changes within the margin: not improved
    _family((3, 3, 3), (5, 3, 2), tier=2, route="ffl")  # worse on both
    # Closed outside the dates, and a case with only a result before: neither counts.
    _family((1, 1, 1), (7, 7, 7), closed_on=date(2025, 12, 31))
    rows = _rows(measures_report(YEAR), "paired-change")
    pre = rows["Parental Reflective Functioning Questionnaire (PRFQ): Pre-mentalizing"]
    interest = rows["Parental Reflective Functioning Questionnaire (PRFQ): Interest and curiosity"]
    assert pre == [3, 0.2, 1, 33.3]  # changes -2, 0.25, 2: median 0.25
    assert interest == [3, 0.2, 1, 33.3]  # changes 2, 0.25, -1
    by_tier = _rows(measures_report(YEAR), "paired-change-by-tier")
    assert by_tier[
        "Parental Reflective Functioning Questionnaire (PRFQ): Pre-mentalizing, Tier 1"
    ][:1] == [2]
    by_route = _rows(measures_report(YEAR), "paired-change-by-route")
    ffl = "Parental Reflective Functioning Questionnaire (PRFQ): Pre-mentalizing, Foundations"
    assert any(label.startswith(ffl) for label in by_route)


def test_the_download_for_sharing_hides_fewer_than_five_families(client):
    settings = ReportSettings.load()
    settings.suppress_small_numbers = True
    settings.suppression_threshold = 5
    settings.save()
    _family((4, 3, 3), (2, 3, 5))
    client.force_login(ManagerFactory())
    response = client.get(
        reverse("reports:report_csv", args=["measures"]),
        {
            "start_0": 1,
            "start_1": 1,
            "start_2": 2026,
            "end_0": 31,
            "end_1": 12,
            "end_2": 2026,
            "sharing": "1",
        },
    )
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    families = [row for row in rows if row[2] == "Families" and "Pre-mentalizing" in row[1]]
    assert families
    assert all(row[3] == "fewer than 5" for row in families)
    medians = [row for row in rows if row[2] == "Median change" and "Pre-mentalizing" in row[1]]
    assert all(row[3] == "not shown" for row in medians)


def test_the_report_asks_the_same_queries_for_one_family_or_five():
    _family((4, 3, 3), (2, 3, 5))
    with CaptureQueriesContext(connection) as one:
        measures_report(YEAR)
    for _ in range(4):
        _family((4, 3, 3), (2, 3, 5), tier=3)
    with CaptureQueriesContext(connection) as five:
        measures_report(YEAR)
    assert len(five) == len(one)


def test_family_feedback_is_counted_without_names():
    sent = timezone.make_aware(timezone.datetime(2026, 5, 1, 12))
    for helpfulness, recommend in (("very", "yes"), ("quite", "yes"), ("not", "not_sure")):
        link = FamilyLinkFactory(case=ClosedCaseFactory(), purpose="feedback")
        FeedbackAnswer.objects.create(
            link=link, helpfulness=helpfulness, recommend=recommend, sent_at=sent
        )
    # An answer not yet sent does not count.
    FeedbackAnswer.objects.create(
        link=FamilyLinkFactory(case=ClosedCaseFactory(), purpose="feedback"), helpfulness="very"
    )
    report = feedback_report(YEAR)
    summary = {label: figure.value for label, figure in report.summary}
    assert summary["Answers sent"] == 3
    assert summary["Found VIG very or quite helpful"] == 66.7
    assert summary["Would recommend VIG"] == 66.7
    assert _rows(report, "helpfulness")["Not helpful"] == [1, 33.3]


def test_both_reports_are_listed_and_open_for_managers(client):
    client.force_login(ManagerFactory())
    index = client.get(reverse("reports:index")).content.decode()
    assert "Outcome measures" in index
    assert "Family feedback" in index
    for slug in ("measures", "feedback"):
        page = client.get(reverse("reports:report", args=[slug]))
        assert page.status_code == 200
    client.force_login(GuiderFactory())
    assert client.get(reverse("reports:report", args=["feedback"])).status_code == 403


def test_a_case_closed_today_counts_in_the_default_dates(client):
    today = timezone.localdate()
    _family((4, 3, 3), (2, 3, 5), closed_on=today - timedelta(days=1))
    client.force_login(ManagerFactory())
    page = client.get(reverse("reports:report", args=["measures"])).content.decode()
    assert "Families with results before and after" in page

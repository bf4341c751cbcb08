"""The caseload report a page of guiders at a time, with the whole service in its summary."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cases.tests.factories import ActiveCaseFactory
from vig_service.accounts.tests.factories import GuiderFactory, ManagerFactory
from vig_service.reports import layout
from vig_service.reports.caseload import GUIDERS_PER_PAGE
from vig_service.reports.forms import DateRange


def _guiders(report) -> list[str]:
    return [label for label, _ in report.tables[0].rows]


def _summary(report) -> dict:
    return {label: figure.value for label, figure in report.summary}


def _national_service() -> None:
    """One more guider than a page holds, each with one open case."""
    for number in range(GUIDERS_PER_PAGE + 1):
        ActiveCaseFactory(guider=GuiderFactory(full_name=f"Guider {number:02}"))


def test_the_caseload_lists_a_page_of_guiders_and_sums_the_whole_service(db):
    """Page 1 holds the first 50 by name and its chart 50 bars, page 2 the last; a page past
    the end shows the first; the summary counts all 51 guiders whichever page is shown."""
    _national_service()
    today = timezone.localdate()
    year = DateRange(start=today - timedelta(days=365), end=today)

    first = layout.caseload_report(year, today=today, page=1)
    second = layout.caseload_report(year, today=today, page=2)
    every = layout.caseload_report(year, today=today)

    assert _guiders(first) == [f"Guider {n:02}" for n in range(GUIDERS_PER_PAGE)]
    assert len(first.tables[0].chart.bars) == GUIDERS_PER_PAGE
    assert _guiders(second) == [f"Guider {GUIDERS_PER_PAGE}"]
    assert _guiders(layout.caseload_report(year, today=today, page=9)) == _guiders(first)
    assert len(_guiders(every)) == GUIDERS_PER_PAGE + 1
    for report in (first, second, every):
        assert _summary(report)["Guiders"] == GUIDERS_PER_PAGE + 1
        assert _summary(report)["Open cases"] == GUIDERS_PER_PAGE + 1
        assert _summary(report)["Cases opened in the range"] == GUIDERS_PER_PAGE + 1


def test_the_caseload_page_links_to_the_next_page_and_the_download_has_every_guider(client, db):
    """The page offers "Next" with the dates kept; `page` is understood, not ignored."""
    _national_service()
    client.force_login(ManagerFactory())
    dates = {"start_0": "1", "start_1": "1", "start_2": "2025"}
    dates.update({"end_0": "31", "end_1": "12", "end_2": str(timezone.localdate().year)})

    page = client.get(reverse("reports:report", args=["caseload"]), {**dates, "page": "1"})
    download = client.get(reverse("reports:report_csv", args=["caseload"]), dates)

    html = page.content.decode()
    assert "govuk-pagination__next" in html
    assert "page=2" in html
    assert "start_2=2025" in html
    assert "were not recognised" not in html
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    listed = {row[1] for row in rows if row[0] == "Caseload per guider"}
    assert len(listed) == GUIDERS_PER_PAGE + 1

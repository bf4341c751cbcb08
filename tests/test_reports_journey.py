"""Reports in the browser: a manager opens each report, changes the dates and downloads CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.conftest import assert_accessible, fill_date, sign_in
from vig_service.reports.views import REPORTS

pytestmark = pytest.mark.browser


def _download_header(page: Page, link: str) -> list[str]:
    with page.expect_download() as download_info:
        page.get_by_role("link", name=link).click()
    path = download_info.value.path()
    with open(path, encoding="utf-8") as file:
        return next(csv.reader(io.StringIO(file.read())))


def test_a_manager_reads_every_report_for_chosen_dates_and_downloads_them(page: Page, demo_data):
    """Every report with its charts and tables, a date change, a bad range, and CSV downloads."""
    sign_in(page, "manager@example.org")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Reports"
    ).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    assert_accessible(page)

    today = timezone.localdate()
    start = today - timedelta(days=200)
    for kind in REPORTS.values():
        page.get_by_role("link", name=kind.title, exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(kind.title)
        expect(page.get_by_role("heading", name="Summary")).to_be_visible()
        assert_accessible(page)

        fill_date(page, "From", start)
        fill_date(page, "To", today)
        page.get_by_role("button", name="Show the report").click()
        expect(page.locator(".app-report-range")).to_have_text(
            f"{start.day} {start:%B %Y} to {today.day} {today:%B %Y}"
        )
        assert_accessible(page)

        header = _download_header(page, "Download these figures (CSV)")
        assert header == ["Table", "Row", "Column", "Value"]
        page.get_by_role("navigation", name="Primary navigation").get_by_role(
            "link", name="Reports"
        ).click()

    # A range ending before it starts is explained, and the dates typed are kept.
    page.get_by_role("link", name="Referrals", exact=True).first.click()
    fill_date(page, "From", today)
    fill_date(page, "To", today - timedelta(days=30))
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The end date must be the same as or after the start date"
    )
    expect(page.get_by_role("group", name="From").get_by_label("Year")).to_have_value(
        str(today.year)
    )
    assert_accessible(page)

    # The list of every referral, and the version for sharing.
    fill_date(page, "From", start)
    fill_date(page, "To", today)
    page.get_by_role("button", name="Show the report").click()
    header = _download_header(page, "Download every referral received in these dates (CSV")
    assert header[:3] == ["Reference", "Status", "Submitted"]
    shared = _download_header(page, "Download these figures for sharing")
    assert shared == ["Table", "Row", "Column", "Value"]

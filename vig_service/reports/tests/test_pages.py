"""The report pages and downloads: who may see them, dates, bad input, CSV, suppression."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from referrals.models import Referral
from training.models import Course
from training.tests.factories import (
    AttendanceFactory,
    CourseFactory,
    EnrolmentFactory,
    TraineeFactory,
)
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
    ReferrerFactory,
    SupervisorFactory,
    UserFactory,
)
from vig_service.core.csv import csv_lines, escape_cell
from vig_service.core.models import ConfigurationEvent
from vig_service.reports.models import ReportSettings
from vig_service.reports.tests.factories import (
    bulk_referrals,
    closed_case_with_ratings,
    decided,
    referral,
)
from vig_service.reports.views import REPORTS

SLUGS = list(REPORTS)
Q1_2025 = {
    "start_0": "1",
    "start_1": "1",
    "start_2": "2025",
    "end_0": "31",
    "end_1": "3",
    "end_2": "2025",
}


def _read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def _report_urls():
    for slug in SLUGS:
        yield reverse("reports:report", args=[slug])
        yield reverse("reports:report_csv", args=[slug])
    yield reverse("reports:index")
    yield reverse("reports:referrals_csv")


@pytest.mark.parametrize(
    "factory", [ReferrerFactory, GuiderFactory, SupervisorFactory, AdministratorFactory]
)
def test_people_without_the_manager_or_coordinator_role_are_refused_every_report(
    client, db, factory
):
    """Referrers, guiders, supervisors and administrators get 403 on every report address."""
    client.force_login(factory())
    for url in _report_urls():
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("factory", [ManagerFactory, CoordinatorFactory])
def test_managers_and_coordinators_open_every_report_and_download(client, db, factory):
    """Every page and download answers, and Reports is in their navigation."""
    client.force_login(factory())
    for slug in SLUGS:
        page = client.get(reverse("reports:report", args=[slug]))
        assert page.status_code == 200
        assert page.context["report"] is not None
        rows = _read_csv(client.get(reverse("reports:report_csv", args=[slug])))
        assert rows[0] == ["Table", "Row", "Column", "Value"]
    index = client.get(reverse("reports:index"))
    assert {"label": "Reports", "url": reverse("reports:index"), "current": True} in index.context[
        "primary_navigation"
    ]


def test_a_report_without_dates_covers_the_last_twelve_months(client, db, settings):
    """No dates in the address: from the first of the month 11 months ago to today."""
    client.force_login(ManagerFactory())
    response = client.get(reverse("reports:report", args=["referrals"]))
    chosen = response.context["date_range"]
    assert chosen.start.day == 1
    assert len(chosen.months()) == 12


def test_the_chosen_dates_decide_what_is_counted(client, db):
    """Only referrals received in the chosen dates are in the figures and the download."""
    referral(submitted=date(2025, 2, 10))
    referral(submitted=date(2025, 5, 10))
    client.force_login(ManagerFactory())

    page = client.get(reverse("reports:report", args=["referrals"]), Q1_2025)

    assert (
        dict((label, f.value) for label, f in page.context["report"].summary)["Referrals received"]
        == 1
    )
    assert "1 January 2025 to 31 March 2025" in page.content.decode()
    rows = _read_csv(client.get(reverse("reports:report_csv", args=["referrals"]), Q1_2025))
    assert ["Summary", "Referrals received", "Value", "1"] in rows


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {**Q1_2025, "end_2": "2024"},
            "The end date must be the same as or after the start date",
        ),
        (
            {**Q1_2025, "start_2": "2010"},
            "The date range must be 10 years or shorter",
        ),
        ({**Q1_2025, "start_0": "31", "start_1": "2"}, "From must be a real date"),
        ({**Q1_2025, "start_0": "99999999999999999999"}, "From must be a real date"),
        ({**Q1_2025, "end_0": ""}, "Enter the end date"),
        ({**Q1_2025, "start_2": "25"}, "From must include a year with 4 numbers"),
    ],
)
def test_a_bad_date_range_is_explained_and_the_dates_are_kept(client, db, dates, message):
    """The page answers 200 with the error summary, no figures, and the entered dates kept."""
    client.force_login(ManagerFactory())
    response = client.get(reverse("reports:report", args=["waiting-times"]), dates)
    assert response.status_code == 200
    assert response.context["report"] is None
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert f'value="{dates["start_1"]}"' in html


def test_a_download_with_a_bad_date_range_goes_back_to_the_page_with_the_error(client, db):
    """No half-made CSV: the download redirects to the report, which explains the problem."""
    client.force_login(ManagerFactory())
    bad = {**Q1_2025, "end_2": "2024"}
    response = client.get(reverse("reports:report_csv", args=["outcomes"]), bad)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "The end date must be the same as or after the start date" in page.content.decode()


def test_unknown_address_parameters_are_ignored_with_a_message(client, db):
    """Nonsense in the address never breaks the page: it is ignored and the user told."""
    client.force_login(ManagerFactory())
    response = client.get(
        reverse("reports:report", args=["caseload"]),
        {"colour": "blue", "start_0": "x", "page": "9999", "<script>": "1"},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some parts of the address were not recognised and have been ignored." in html
    assert "govuk-error-summary" in html  # start_0 "x" is a date error, not a crash


def test_an_unknown_report_is_not_found(client, db):
    client.force_login(ManagerFactory())
    assert client.get("/reports/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 1234", "'+44 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain text", "Plain text"),
        (-3, "-3"),
        (4.5, "4.5"),
        (None, ""),
        (True, "Yes"),
        (date(2025, 3, 1), "2025-03-01"),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_escaped(value, expected):
    """Text starting =, +, -, @, tab or carriage return gets a leading '; numbers stay numbers."""
    assert escape_cell(value) == expected


def test_the_csv_writer_escapes_the_header_and_every_cell(db):
    """Escaping applies to every line the writer streams."""
    text = "".join(csv_lines(["=Header"], [["=1+1"], ["ok"]]))
    assert list(csv.reader(io.StringIO(text))) == [["'=Header"], ["'=1+1"], ["ok"]]


def test_the_referral_list_download_has_one_row_per_referral_and_escapes_text(client, db):
    """Header of plain column names, one row per submitted referral, injected text escaped."""
    decided(
        submitted=date(2025, 2, 1),
        days=2,
        accepted=False,
        decline_reason="=cmd|' /C calc'!A0",
        reference="VIG-2025-00001",
    )
    referral(submitted=date(2025, 2, 3), reference="VIG-2025-00002")
    Referral.objects.create(referrer=ReferrerFactory())  # a draft: not in the list
    client.force_login(ManagerFactory())

    rows = _read_csv(client.get(reverse("reports:referrals_csv")))

    assert rows[0][:4] == ["Reference", "Status", "Submitted", "Priority tier"]
    assert [row[0] for row in rows[1:]] == ["VIG-2025-00001", "VIG-2025-00002"]
    declined = dict(zip(rows[0], rows[1], strict=True))
    assert declined["Decline reason"] == "'=cmd|' /C calc'!A0"
    assert declined["Status"] == "Declined"
    assert declined["Submitted"] == "2025-02-01 12:00"
    assert "Child" not in " ".join(rows[0])


def test_the_referral_list_for_a_date_range_holds_only_those_referrals(client, db):
    referral(submitted=date(2025, 2, 10), reference="VIG-2025-00010")
    referral(submitted=date(2025, 6, 10), reference="VIG-2025-00011")
    client.force_login(ManagerFactory())
    rows = _read_csv(client.get(reverse("reports:referrals_csv"), Q1_2025))
    assert [row[0] for row in rows[1:]] == ["VIG-2025-00010"]


def _declined(count: int) -> None:
    for _ in range(count):
        decided(submitted=date(2025, 2, 1), days=1, accepted=False, decline_reason="Out of area")


def test_downloads_for_sharing_hide_counts_below_the_threshold(client, db):
    """3 declined: "fewer than 5" in the download for sharing; 3 on the page and own download."""
    _declined(3)
    for _ in range(6):
        decided(submitted=date(2025, 2, 1), days=1)
    client.force_login(ManagerFactory())
    url = reverse("reports:report_csv", args=["referrals"])

    shared = _read_csv(client.get(url, {**Q1_2025, "sharing": "1"}))
    own = _read_csv(client.get(url, Q1_2025))
    page = client.get(reverse("reports:report", args=["referrals"]), Q1_2025)

    assert ["Summary", "Declined", "Value", "fewer than 5"] in shared
    assert ["Summary", "Accepted", "Value", "6"] in shared
    # A rate on a base of 9 is shown; zero counts are not hidden.
    assert ["Summary", "Withdrawn", "Value", "0"] in shared
    assert ["Summary", "Declined", "Value", "3"] in own
    assert "fewer than" not in page.content.decode().split("Summary", 1)[1]


def test_the_threshold_and_the_switch_come_from_the_configuration(client, db):
    """Threshold 10 gives "fewer than 10"; switched off, the shared download shows every count."""
    _declined(6)
    client.force_login(ManagerFactory())
    url = reverse("reports:report_csv", args=["referrals"])
    settings = ReportSettings.load()
    settings.suppression_threshold = 10
    settings.save()
    assert ["Summary", "Declined", "Value", "fewer than 10"] in _read_csv(
        client.get(url, {**Q1_2025, "sharing": "1"})
    )
    settings.suppress_small_numbers = False
    settings.save()
    assert ["Summary", "Declined", "Value", "6"] in _read_csv(
        client.get(url, {**Q1_2025, "sharing": "1"})
    )


def test_administrators_change_the_suppression_on_the_reports_tab(client, db):
    """The Reports tab saves the threshold, records the change, and refuses bad numbers."""
    admin = AdministratorFactory()
    client.force_login(admin)
    url = reverse("reports:configuration")
    page = client.get(url)
    assert page.status_code == 200
    assert {"label": "Reports", "url": url, "current": True} in page.context[
        "configuration_sections"
    ]
    loaded_at = page.context["form"]["loaded_at"].initial

    bad = client.post(
        url,
        {"loaded_at": loaded_at, "suppress_small_numbers": "yes", "suppression_threshold": "1"},
    )
    assert "The smallest count shown must be 2 or more" in bad.content.decode()

    saved = client.post(
        url,
        {"loaded_at": loaded_at, "suppress_small_numbers": "yes", "suppression_threshold": "10"},
    )
    assert saved.status_code == 302
    assert ReportSettings.load().suppression_threshold == 10
    assert ConfigurationEvent.objects.filter(actor=admin, note__contains="Smallest count").exists()

    stale = client.post(
        url, {"loaded_at": loaded_at, "suppress_small_numbers": "no", "suppression_threshold": "5"}
    )
    assert "was changed by" in stale.content.decode()
    assert ReportSettings.load().suppress_small_numbers is True


def test_managers_may_not_change_the_report_settings(client, db):
    client.force_login(ManagerFactory())
    assert client.get(reverse("reports:configuration")).status_code == 403


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(context)


def _more_data(size: int) -> None:
    """`size` more referrals, cases with cycles, a few closed cases with ratings, guiders."""
    bulk_referrals(size, referrer=ReferrerFactory(), guider=GuiderFactory())
    for index in range(size // 20):
        decided(submitted=date(2025, 1 + index % 3, 3), days=index % 7 + 1, accepted=index % 2)
        closed_case_with_ratings(
            closed_on=date(2025, 2, 1 + index % 20),
            reason="completed",
            baseline=index % 5,
            reviews=[5, 6],
            closure=8,
        )
    UserFactory.create_batch(3, roles=[Role.GUIDER])
    course = CourseFactory(status=Course.Status.DELIVERED, days=[date(2025, 2, 3)])
    for enrolment in EnrolmentFactory.create_batch(size // 50 + 1, course=course):
        AttendanceFactory(enrolment=enrolment)
    TraineeFactory.create_batch(size // 50 + 1, course=course)


def _report_queries(client) -> dict[str, tuple[int, int]]:
    return {
        slug: (
            _queries(client, reverse("reports:report", args=[slug]), Q1_2025),
            _queries(client, reverse("reports:report_csv", args=[slug]), Q1_2025),
        )
        for slug in SLUGS
    }


def test_each_report_runs_the_same_queries_whatever_the_data(client, db, time_machine):
    """Every page and download: the same number of queries with a little data and much more."""
    # The clock stands still, so seeding on a slow machine never makes the session middleware
    # re-save its last-seen time between the two measurements (3 extra queries).
    time_machine.move_to(timezone.now(), tick=False)
    client.force_login(ManagerFactory())
    _report_queries(client)  # the first visits create the settings rows with their defaults
    _more_data(10)
    small = _report_queries(client)
    _more_data(300)
    assert _report_queries(client) == small
    assert all(page <= 16 for page, _ in small.values()), small


def test_the_referral_list_download_runs_the_same_queries_whatever_the_size(client, db):
    """Read in chunks from one query: 5,000 referrals cost what 10 do."""
    client.force_login(ManagerFactory())
    url = reverse("reports:referrals_csv")
    client.get(reverse("reports:index"))
    bulk_referrals(10, guider=GuiderFactory(), referrer=ReferrerFactory())
    small = _queries(client, url)
    bulk_referrals(5000, guider=GuiderFactory(), referrer=ReferrerFactory())
    assert _queries(client, url) == small


@pytest.mark.parametrize(
    "dates",
    [
        # The range that gave a 500: ten years on from 9999 is the year 10009.
        {**Q1_2025, "start_2": "9999", "end_2": "9999"},
        {**Q1_2025, "start_2": "1066"},
    ],
)
def test_a_year_out_of_range_is_explained_not_a_server_error(client, db, dates):
    """Years outside 1900 to 2100 are refused in the error summary, page and download alike."""
    client.force_login(ManagerFactory())

    response = client.get(reverse("reports:report", args=["referrals"]), dates)
    download = client.get(reverse("reports:report_csv", args=["referrals"]), dates, follow=True)

    assert response.status_code == download.status_code == 200
    for html in (response.content.decode(), download.content.decode()):
        assert "govuk-error-summary" in html
        assert "Year must be between 1900 and 2100" in html


def test_a_nul_byte_in_a_report_date_is_explained(client, db):
    """A control character in a date part is named in the error summary."""
    client.force_login(ManagerFactory())
    response = client.get(
        reverse("reports:report", args=["referrals"]), {**Q1_2025, "start_0": "1\x00"}
    )
    assert response.status_code == 200
    assert "From must not include control characters, like a NUL byte" in response.content.decode()

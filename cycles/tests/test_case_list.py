"""My cases for guiders, Cases with filters for coordinators, and the overview."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.models import Case, CaseSettings
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseExtensionFactory,
    CaseFactory,
    ClosedCaseFactory,
    ContractingCaseFactory,
)
from cases.views._common import PER_PAGE
from cycles.models import Cycle
from cycles.tests.case_factories import CycleFactory, ReviewedCycleFactory, bulk_cases
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ReferrerFactory,
    SupervisorFactory,
)
from vig_service.core.compiled import statement_of

URL = reverse("cases:list")


def _rows(response) -> dict:
    """The listed cases by child's name, each with its progress."""
    return {case.referral.child_name: case for case in response.context["page"].object_list}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_a_guider_sees_their_open_cases_with_the_next_action_for_each(client, db):
    """Own and co-worked open cases, each with status, cycles done, last review, next action."""
    guider = GuiderFactory()
    new = CaseFactory(guider=guider, referral__child_first_name="Ava")
    contracting = ContractingCaseFactory(guider=guider, referral__child_first_name="Ben")
    active = ActiveCaseFactory(co_worker=guider, referral__child_first_name="Cai")
    ReviewedCycleFactory(case=active)
    CaseFactory(referral__child_first_name="Someone-else")
    ClosedCaseFactory(guider=guider, referral__child_first_name="Closed")

    client.force_login(guider)
    response = client.get(URL)
    rows = _rows(response)
    assert {name.split()[0] for name in rows} == {"Ava", "Ben", "Cai"}
    assert rows[new.referral.child_name].progress.next_action.label == "Record the initial visit"
    assert (
        rows[contracting.referral.child_name].progress.next_action.label == "Record the contract"
    )
    cai = rows[active.referral.child_name].progress
    assert (cai.next_action.label, cai.cycles_done, cai.limit.cycles) == ("Film cycle 2", 1, 6)
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">My cases</h1>' in html
    assert "1 of 6" in html
    assert cai.last_review_on.strftime("%-d %b %Y") in html
    assert "Film cycle 2" in html


def test_my_cases_pages_a_guiders_cases_newest_first_and_keeps_each_guider_to_their_own(
    client, db
):
    """Page 1 and 2 split the list; a number out of range or not a number gives the nearest
    page; two guiders each see only their own, whoever opens the page first."""
    ann, bob = GuiderFactory(), GuiderFactory()
    today = timezone.localdate()
    anns = [
        CaseFactory(guider=ann, opened_on=today - timedelta(days=n)) for n in range(PER_PAGE + 2)
    ]
    bobs = CaseFactory(guider=bob)

    def listed(who, query=""):
        client.force_login(who)
        page = client.get(f"{URL}{query}").context["page"]
        return page.number, [case.pk for case in page.object_list]

    newest = [case.pk for case in anns]
    assert listed(ann) == (1, newest[:PER_PAGE])
    assert listed(bob) == (1, [bobs.pk])
    assert listed(ann, "?page=2") == (2, newest[PER_PAGE:])
    assert listed(ann, "?page=9") == (2, newest[PER_PAGE:])
    assert listed(ann, "?page=second") == (1, newest[:PER_PAGE])
    assert listed(bob, "?page=2") == (1, [bobs.pk])
    assert listed(ann, "?page=0") == (2, newest[PER_PAGE:])  # as Paginator.get_page
    assert listed(GuiderFactory()) == (1, [])


def test_a_page_of_my_cases_in_range_counts_the_list_in_the_query_that_reads_it(client, db):
    """The page and the count of pages come from one read of the list, so the count is of
    the same cases as the rows; a page past the end finds none, counts, reads the last."""
    guider = GuiderFactory()
    bulk_cases(PER_PAGE + 3, guider=guider, referrer=ReferrerFactory())
    client.force_login(guider)
    client.get(URL)  # the case settings are created on first use

    def reads(query):
        with CaptureQueriesContext(connection) as context:
            page = client.get(f"{URL}{query}").context["page"]
        cases = [sql for q in context if '"cases_case"' in (sql := statement_of(q["sql"]))]
        return page.number, page.paginator.num_pages, len(page.object_list), len(cases)

    assert reads("") == (1, 2, PER_PAGE, 1)
    assert reads("?page=2") == (2, 2, 3, 1)
    assert reads("?page=3") == (2, 2, 3, 3)


def test_my_cases_shows_the_childs_age(client, db):
    """The child's age is shown in years and months."""
    case = CaseFactory(
        referral__child_date_of_birth=timezone.localdate() - timedelta(days=365 * 4 + 70)
    )
    client.force_login(case.guider)
    assert "4y 2m" in client.get(URL).content.decode()


def test_closed_cases_stay_on_my_cases_until_their_footage_is_deleted(client, db):
    """Footage due, then overdue after the configured months; gone once deleted."""
    guider = GuiderFactory()
    today = timezone.localdate()
    due = ClosedCaseFactory(guider=guider, closed_on=today - timedelta(days=10))
    overdue = ClosedCaseFactory(guider=guider, closed_on=today - timedelta(days=100))
    for case in (due, overdue):
        CycleFactory(case=case, status=Cycle.Status.FILMED, filmed_on=case.opened_on)
    ClosedCaseFactory(guider=guider, footage_location="Team laptop", footage_deleted_on=today)
    ClosedCaseFactory(guider=guider)  # closed before anything was filmed: no footage

    client.force_login(guider)
    rows = _rows(client.get(URL))
    actions = {case.pk: case.progress.next_action.label for case in rows.values()}
    assert actions == {due.pk: "Footage deletion due", overdue.pk: "Footage deletion overdue"}

    settings = CaseSettings.load()
    settings.footage_deletion_months = 6
    settings.save()
    rows = _rows(client.get(URL))
    assert {case.progress.next_action.label for case in rows.values()} == {"Footage deletion due"}


def test_a_case_near_its_end_date_says_how_many_weeks_are_left(client, db):
    """Six months from the first filming; three weeks before, My cases says so."""
    case = ActiveCaseFactory()
    filmed = timezone.localdate() - timedelta(days=163)
    ReviewedCycleFactory(case=case, filmed_on=filmed)
    client.force_login(case.guider)
    progress = _rows(client.get(URL))[case.referral.child_name].progress
    assert progress.next_action.label == "Limit reached in 3 weeks"


def test_coordinators_filter_by_guider_status_and_tier_in_the_url(client, db):
    """Filters combine, stay in the URL and show as removable tags."""
    gwen = GuiderFactory(full_name="Gwen Pascoe")
    match = ActiveCaseFactory(guider=gwen, referral__priority_tier=2)
    ActiveCaseFactory(guider=gwen, referral__priority_tier=3)
    CaseFactory(guider=gwen, referral__priority_tier=2)
    ActiveCaseFactory(referral__priority_tier=2)
    client.force_login(CoordinatorFactory())

    assert len(_rows(client.get(URL))) == 4
    response = client.get(URL, {"guider": gwen.pk, "status": "active", "tier": "2"})
    assert list(_rows(response).values()) == [match]
    html = response.content.decode()
    assert "Gwen Pascoe" in html
    assert 'value="active" checked' in html
    assert "Remove this filter" in html


def test_tier_filter_can_find_cases_with_no_tier(client, db):
    """'No tier' finds cases whose referral had no priority tier."""
    untiered = CaseFactory(referral__priority_tier=None)
    CaseFactory(referral__priority_tier=1)
    client.force_login(CoordinatorFactory())
    assert list(_rows(client.get(URL, {"tier": "none"})).values()) == [untiered]


@pytest.mark.parametrize(
    "query",
    [
        {"guider": "abc"},
        {"guider": "999999"},
        {"status": "lost"},
        {"tier": "9"},
        {"page": "zz"},
        {"colour": "red"},
        {"status": ["active", "<script>"]},
    ],
)
def test_unknown_filter_values_are_ignored_never_an_error(client, db, query):
    """Nonsense in the URL is cleared with a note; the page still shows the cases."""
    ActiveCaseFactory()
    client.force_login(CoordinatorFactory())
    response = client.get(URL, query)
    assert response.status_code == 200
    assert len(_rows(response)) == 1
    if "page" not in query:
        assert "Some filters were not recognised" in response.content.decode()


def test_supervisors_get_the_filtered_list_of_their_supervisees_cases(client, db):
    """A supervisor's Cases page lists only what they may see."""
    supervisor = SupervisorFactory()
    case = ActiveCaseFactory(guider=GuiderFactory(supervisor=supervisor))
    ActiveCaseFactory()
    client.force_login(supervisor)
    response = client.get(URL)
    assert list(_rows(response).values()) == [case]
    assert '<h1 class="govuk-heading-l">Cases</h1>' in response.content.decode()


def test_navigation_shows_my_cases_to_guiders_and_cases_to_coordinators(client, db):
    """Each role finds the list under its own name."""
    client.force_login(GuiderFactory())
    assert ">My cases</a>" in client.get(URL).content.decode()
    client.force_login(CoordinatorFactory())
    html = client.get(URL).content.decode()
    assert ">Cases</a>" in html
    assert ">My cases</a>" not in html


def _some_cases(guider):
    """A mix of stages for one guider, made through factories."""
    ActiveCaseFactory(guider=guider)
    ReviewedCycleFactory(case=ActiveCaseFactory(guider=guider))
    CaseExtensionFactory(case=ActiveCaseFactory(guider=guider))
    ContractingCaseFactory(guider=guider)
    CaseFactory(guider=guider)


@pytest.mark.parametrize("viewer", ["guider", "coordinator"])
def test_my_cases_takes_the_same_number_of_queries_for_5_or_500_cases(client, db, viewer):
    """Counts, dates, limits and next actions are worked out in a fixed number of queries."""
    guider = GuiderFactory()
    _some_cases(guider)
    client.force_login(guider if viewer == "guider" else CoordinatorFactory())
    client.get(URL)  # the case settings are created on first use
    few = _queries(client, URL)

    bulk_cases(495, guider=guider, referrer=ReferrerFactory())
    assert Case.objects.count() == 500
    many = _queries(client, URL)
    assert many == few
    filtered = f"{URL}?status=active&tier=1&guider={guider.pk}&page=2"
    assert _queries(client, filtered) == few


def test_the_case_overview_takes_the_same_number_of_queries_for_5_or_500_cases(client, db):
    """The overview of one case does not grow with the caseload or the case's records."""
    guider = GuiderFactory()
    _some_cases(guider)
    case = ActiveCaseFactory(guider=guider)
    ReviewedCycleFactory(case=case)
    url = reverse("cases:overview", args=[case.pk])
    client.force_login(guider)
    client.get(url)
    few = _queries(client, url)

    bulk_cases(494, guider=guider, referrer=ReferrerFactory())
    ReviewedCycleFactory(case=case, number=2)
    CaseExtensionFactory.create_batch(2, case=case)
    assert Case.objects.count() == 500
    assert _queries(client, url) == few
    # Pinned: the case with its progress, extensions and requests, flags, restriction and
    # previous involvement, besides the session, the user and the audit's rows.
    assert few <= 13


def test_the_overview_shows_people_dates_limit_and_next_action(client, db):
    """Status, guider and co-worker, opened and contract dates, limit with extension."""
    case = ActiveCaseFactory(
        guider__full_name="Gwen Pascoe", co_worker=GuiderFactory(full_name="Jory Hicks")
    )
    ReviewedCycleFactory(case=case)
    CaseExtensionFactory(case=case, granted_by__full_name="Mo Manager", cycle_limit=8)
    client.force_login(case.guider)
    html = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    for text in (
        "Gwen Pascoe",
        "Jory Hicks",
        f"{case.opened_on:%-d %B %Y}",
        f"{case.contract_agreed_on:%-d %B %Y}",
        "8 cycles, until",
        "Extended to 8 cycles",
        "by Mo Manager",
        "1 of 8",
        "Film cycle 2",
        "Close the case",
    ):
        assert text in html, text
    assert "Start the intervention" not in html


def test_the_overviews_next_action_links_to_where_it_is_done(client, db):
    """'Record the contract' leads to the contract page; filming leads to planning it first."""
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    html = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert f'href="{reverse("cases:contract", args=[case.pk])}">Record the contract</a>' in html

    active = ActiveCaseFactory(guider=case.guider)
    html = client.get(reverse("cases:overview", args=[active.pk])).content.decode()
    assert f'href="{reverse("diary:plan_filming", args=[active.pk])}">Film cycle 1</a>' in html


def test_rewording_a_next_action_keeps_its_link_and_colour(client, db, monkeypatch):
    """The link and the tag come from the action's code: new words change neither."""
    monkeypatch.setitem(rules.LABELS, rules.Next.RECORD_CONTRACT, "Agree the written contract")
    monkeypatch.setitem(rules.LABELS, rules.Next.FOOTAGE_DELETION_DUE, "Footage: delete soon")
    case = ContractingCaseFactory()
    client.force_login(case.guider)
    html = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    contract = reverse("cases:contract", args=[case.pk])
    assert f'href="{contract}">Agree the written contract</a>' in html

    closed = ClosedCaseFactory(guider=case.guider, closed_on=timezone.localdate())
    CycleFactory(case=closed, status=Cycle.Status.FILMED, filmed_on=closed.opened_on)
    html = client.get(URL).content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">Footage: delete soon</strong>' in html

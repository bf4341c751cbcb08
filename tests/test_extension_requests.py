"""Managers reach the cases at or near their limit and decide extensions the guiders ask for."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, ExtensionRequest
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseExtensionFactory,
)
from cycles.tests.case_factories import ExtensionRequestFactory, NearLimitCaseFactory
from cycles.tests.factories import FilmedCycleFactory
from vig_service.accounts.tests.factories import (
    CoordinatorFactory,
    GuiderFactory,
    ManagerFactory,
)
from vig_service.audit.models import AccessEvent
from vig_service.core.tests.home_page import home_cards

TODAY = timezone.localdate()
REASON = "The family missed two months while the baby was in hospital"


def _grant_form(request_id=0, **changes) -> dict:
    ends = TODAY + timedelta(days=90)
    return {
        "request": str(request_id),
        "reason": "Agreed: two more cycles to make up the time in hospital",
        "cycle_limit": "8",
        "ends_on_0": ends.day,
        "ends_on_1": ends.month,
        "ends_on_2": ends.year,
        **changes,
    }


def _html(response) -> str:
    return response.content.decode()


def test_a_manager_reads_a_case_near_its_limit_with_only_the_extension_to_decide(client, db):
    """The overview opens (and is audited) with "Extend the limit" and no way to change it."""
    case = NearLimitCaseFactory()
    manager = ManagerFactory()
    client.force_login(manager)

    overview = _html(client.get(reverse("cases:overview", args=[case.pk])))
    contacts = _html(client.get(reverse("cases:contacts", args=[case.pk])))
    cycles = client.get(reverse("cycles:list", kwargs={"case_pk": case.pk}))

    assert "Extend the limit" in overview
    for change in ("Close the case", "Reassign", "Ask for an extension", "Start the intervention"):
        assert change not in overview
    assert reverse("cases:contract", args=[case.pk]) not in overview
    assert reverse("cases:contact_add", args=[case.pk]) not in contacts
    assert cycles.status_code == 200
    assert client.get(reverse("cases:contact_add", args=[case.pk])).status_code == 403
    assert AccessEvent.objects.filter(user=manager, record_id=case.pk).count() == 3


def test_a_manager_finds_cases_past_their_end_date_or_out_of_cycles_but_not_others(client, db):
    """At the limit by date or by cycles counts as well as near it; other cases are a 404."""
    near = NearLimitCaseFactory()
    past_date = ActiveCaseFactory()
    FilmedCycleFactory(case=past_date, filmed_on=TODAY - timedelta(days=200))
    out_of_cycles = ActiveCaseFactory()
    CaseExtensionFactory(case=out_of_cycles, cycle_limit=1, ends_on=TODAY + timedelta(days=90))
    FilmedCycleFactory(case=out_of_cycles)
    far = ActiveCaseFactory()
    FilmedCycleFactory(case=far)
    client.force_login(ManagerFactory())

    listed = client.get(reverse("cases:near_limit")).context["page"].object_list

    assert {case.pk for case in listed} == {near.pk, past_date.pk, out_of_cycles.pk}
    assert client.get(reverse("cases:overview", args=[far.pk])).status_code == 404
    assert client.get(reverse("cases:extend", args=[far.pk])).status_code == 404


def test_a_guider_asks_for_an_extension_once_and_a_second_ask_is_refused(client, db):
    """The case page offers it near the limit; asking records an event; asking twice is refused."""
    case = NearLimitCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:extension_request", args=[case.pk])

    overview = _html(client.get(reverse("cases:overview", args=[case.pk])))
    assert url in overview
    assert "Ask for an extension" in overview
    done = client.post(url, {"reason": REASON}, follow=True)
    again = client.post(url, {"reason": REASON})

    assert "A manager will decide" in _html(done)
    assert url not in _html(done)
    request = case.extension_requests.get()
    assert (request.status, request.requested_by, request.reason) == (
        ExtensionRequest.Status.WAITING,
        case.guider,
        REASON,
    )
    assert case.events.filter(action=CaseEvent.Action.EXTENSION_REQUESTED, note=REASON).exists()
    assert "already asked for an extension" in _html(again)
    assert case.extension_requests.count() == 1


def test_an_extension_cannot_be_asked_for_far_from_the_limit(client, db):
    """Far from the limit the page has no button and the server refuses the form anyway."""
    case = ActiveCaseFactory()
    FilmedCycleFactory(case=case)
    client.force_login(case.guider)

    overview = _html(client.get(reverse("cases:overview", args=[case.pk])))
    response = client.post(reverse("cases:extension_request", args=[case.pk]), {"reason": REASON})

    assert "Ask for an extension" not in overview
    assert "once the case is within 4 weeks of its limit" in _html(response)
    assert not case.extension_requests.exists()


def test_a_manager_grants_a_request_and_the_guiders_are_emailed_the_reference_only(
    client, db, django_capture_on_commit_callbacks
):
    """Granting extends the limit, answers the request and e-mails guider and co-worker."""
    co_worker = GuiderFactory()
    request = ExtensionRequestFactory(
        case__co_worker=co_worker, case__referral__child_first_name="Zebedee"
    )
    case = request.case
    client.force_login(ManagerFactory(full_name="Mo Manager"))
    url = reverse("cases:extend", args=[case.pk])

    page = _html(client.get(url))
    assert request.reason in page
    assert "Refuse the extension instead" in page
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, _grant_form(request.pk), follow=True)

    assert f"Extension granted for {case.referral.reference}" in _html(done)
    assert done.redirect_chain[-1][0] == reverse("cases:extension_requests")
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.GRANTED
    assert request.extension == case.extensions.get()
    assert request.extension.cycle_limit == 8
    assert case.events.filter(action=CaseEvent.Action.EXTENDED).exists()
    message = mail.outbox[-1]
    assert sorted(message.to) == sorted([case.guider.email, co_worker.email])
    assert case.referral.reference in message.subject
    assert "granted" in message.body
    assert reverse("cases:overview", args=[case.pk]) in message.body
    assert "Zebedee" not in message.subject + message.body


def test_a_manager_refuses_a_request_with_a_reason_the_guider_then_reads(
    client, db, django_capture_on_commit_callbacks
):
    """Refusing records why, e-mails the guider and shows the answer on the case."""
    request = ExtensionRequestFactory()
    case = request.case
    client.force_login(ManagerFactory(full_name="Mo Manager"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:extension_refuse", args=[case.pk]),
            {"request": request.pk, "reason": "Six cycles are enough for the helping questions"},
        )

    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.REFUSED
    assert not case.extensions.exists()
    assert case.events.filter(action=CaseEvent.Action.EXTENSION_REFUSED).exists()
    assert mail.outbox[-1].to == [case.guider.email]
    assert "refused" in mail.outbox[-1].body
    client.force_login(case.guider)
    overview = _html(client.get(reverse("cases:overview", args=[case.pk])))
    assert "refused by Mo Manager" in overview
    assert "Six cycles are enough" in overview


def test_a_decision_from_a_stale_page_is_refused_saying_who_decided(client, db):
    """Two managers on the same request: the second is told the first already refused it."""
    request = ExtensionRequestFactory()
    case = request.case
    first, second = ManagerFactory(full_name="Mo Manager"), ManagerFactory()
    client.force_login(first)
    client.post(
        reverse("cases:extension_refuse", args=[case.pk]),
        {"request": request.pk, "reason": "Not this time"},
    )
    client.force_login(second)

    response = client.post(reverse("cases:extend", args=[case.pk]), _grant_form(request.pk))

    assert "already refused by Mo Manager" in _html(response)
    assert not case.extensions.exists()


def test_an_extension_form_opened_before_a_request_arrived_is_refused(client, db):
    """A manager extending without having seen the guider's request is shown it first."""
    request = ExtensionRequestFactory()
    client.force_login(ManagerFactory())

    response = client.post(reverse("cases:extend", args=[request.case.pk]), _grant_form(0))

    assert "has asked for an extension since you opened this page" in _html(response)
    assert not request.case.extensions.exists()


@pytest.mark.parametrize("factory", [CoordinatorFactory, GuiderFactory])
def test_only_managers_decide_extension_requests(client, db, factory):
    """Guiders and coordinators cannot refuse (or grant) the requests."""
    request = ExtensionRequestFactory()
    client.force_login(request.case.guider if factory is GuiderFactory else factory())
    url = reverse("cases:extension_refuse", args=[request.case.pk])
    assert client.post(url, {"request": request.pk, "reason": "No"}).status_code == 403
    request.refresh_from_db()
    assert request.status == ExtensionRequest.Status.WAITING


def test_a_case_with_a_waiting_request_is_the_managers_to_read_even_once_extended(db):
    """A waiting request puts the case in the manager's scope whatever its limit."""
    request = ExtensionRequestFactory()
    CaseExtensionFactory(case=request.case, cycle_limit=12, ends_on=TODAY + timedelta(days=200))
    manager = ManagerFactory()
    assert not Case.objects.near_limit().filter(pk=request.case.pk).exists()
    assert list(Case.objects.visible_to(manager)) == [request.case]


def test_the_managers_home_page_counts_and_links_cases_near_their_limit_and_requests(client, db):
    """Counts with links to the two lists; the requests list links to the decision page."""
    request = ExtensionRequestFactory()
    NearLimitCaseFactory()
    client.force_login(ManagerFactory())

    home = _html(client.get(reverse("core:home")))
    requests = _html(client.get(reverse("cases:extension_requests")))

    assert home_cards(home)["Extensions and limits"] == [
        ("Extension requests waiting", reverse("cases:extension_requests"), "", "1"),
        ("Cases at or near their limit", reverse("cases:near_limit"), "", "2"),
    ]
    assert reverse("cases:extend", args=[request.case.pk]) in requests
    assert request.case.referral.reference in requests


def test_the_caseload_reports_near_limit_figures_link_to_those_cases(client, db):
    """The summary figure and each guider's figure open the list, filtered to the guider."""
    case = NearLimitCaseFactory()
    NearLimitCaseFactory()
    client.force_login(ManagerFactory())

    report = _html(client.get(reverse("reports:report", args=["caseload"])))
    by_guider = f"{reverse('cases:near_limit')}?guider={case.guider.pk}"
    listed = client.get(by_guider).context["page"].object_list

    assert f'href="{reverse("cases:near_limit")}">2' in report
    assert f'href="{by_guider}">1' in report
    assert [row.pk for row in listed] == [case.pk]

"""The case's Measures tab: the family's results, recording PRFQ at closure (a closed case
too), the refusals on their fields, and who may record."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.rules import add_months
from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory
from measures.models import MeasureResult
from measures.services import prfq_measure
from vig_service.accounts.tests.factories import GuiderFactory, ManagerFactory

pytestmark = pytest.mark.django_db


def _form(measure, **scores):
    today = timezone.localdate()
    data = {
        "time_point": "closure",
        "taken_on_0": today.day,
        "taken_on_1": today.month,
        "taken_on_2": today.year,
    }
    for item, value in zip(measure.current_version().items.all(), scores.values(), strict=True):
        data[f"item_{item.pk}"] = value
    return data


def test_a_guider_records_prfq_at_closure_on_a_closed_case(client):
    case = ClosedCaseFactory()
    prfq = prfq_measure()
    client.force_login(case.guider)
    page = client.get(reverse("cases:measures", args=[case.pk])).content.decode()
    assert "Not taken yet" in page
    due = add_months(case.closed_on, prfq.follow_up_months)
    assert f"The follow-up is due from {due:%-d %B %Y}, 3 months after closure" in page
    url = reverse("cases:measure_record", args=[case.pk, prfq.pk])
    bad = client.post(url, _form(prfq, a="2", b="8", c="x"))
    html = bad.content.decode()
    assert "The score for Certainty about mental states must be from 1 to 7" in html
    assert "Enter the score for Interest and curiosity as a number, like 1" in html
    assert not MeasureResult.objects.exists()
    done = client.post(url, _form(prfq, a="2", b="5", c="6.5"), follow=True)
    assert "recorded" in done.content.decode()
    result = MeasureResult.objects.get(referral=case.referral)
    assert [s.value for s in result.scores.all()] == [Decimal(2), Decimal(5), Decimal("6.5")]
    again = client.post(url, _form(prfq, a="2", b="5", c="6.5"))
    assert "was already recorded" in again.content.decode()


def test_another_guider_gets_404_and_a_manager_reads_without_recording(client):
    case = ActiveCaseFactory()
    prfq = prfq_measure()
    client.force_login(GuiderFactory())
    assert client.get(reverse("cases:measures", args=[case.pk])).status_code == 404
    client.force_login(ManagerFactory())
    url = reverse("cases:measure_record", args=[case.pk, prfq.pk])
    assert client.get(url).status_code in (403, 404)


def test_the_page_asks_a_fixed_number_of_queries_whatever_the_results(client):
    case = ClosedCaseFactory()
    client.force_login(case.guider)
    url = reverse("cases:measures", args=[case.pk])
    prfq = prfq_measure()
    record = reverse("cases:measure_record", args=[case.pk, prfq.pk])
    client.post(record, _form(prfq, a=1, b=2, c=3))

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    client.post(record, {**_form(prfq, a=1, b=2, c=3), "time_point": "follow_up"})
    with CaptureQueriesContext(connection) as two:
        client.get(url)
    assert len(two) == len(one)

"""The Helping questions page's "What the clips showed": each cycle's principles beside the
ratings at its review, in words when there are none, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cycles.models import Clip
from cycles.tests.factories import CycleFactory, ReviewedCycleFactory

pytestmark = pytest.mark.django_db


def _page(client, case):
    client.force_login(case.guider)
    return client.get(reverse("cases:questions", args=[case.pk])).content.decode()


def test_each_cycle_shows_its_principles_beside_its_ratings(client):
    reviewed = ReviewedCycleFactory()
    case = reviewed.case
    Clip.objects.create(
        cycle=reviewed, timestamp="05:00", description="Turn", principles=["Being attentive"]
    )
    CycleFactory(case=case)  # cycle 2: nothing chosen yet
    html = _page(client, case)
    assert "What the clips showed" in html
    section = html.split("What the clips showed", 1)[1]
    assert "Being attentive (2 clips)" in section  # the factory's clip and this one
    assert "Receiving initiatives" in section
    assert "No clips chosen" in section
    assert "Not reviewed yet" in section
    assert ">6<" in section  # the factory's rating at cycle 1's review


def test_the_section_asks_a_fixed_number_of_queries(client):
    first = ReviewedCycleFactory()
    case = first.case
    client.force_login(case.guider)
    url = reverse("cases:questions", args=[case.pk])
    client.get(url)  # the first request also loads the session and settings
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        cycle = ReviewedCycleFactory(case=case)
        Clip.objects.create(cycle=cycle, timestamp="1", description="d", principles=["Naming"])
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)

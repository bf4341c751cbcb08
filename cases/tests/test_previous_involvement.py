"""The case overview shows the child's previous involvement to the case's readers: an
earlier case closed, with its cycles held."""

import pytest
from django.urls import reverse

from cases.models import Case
from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory
from referrals.models import Child

pytestmark = pytest.mark.django_db


def test_the_guider_sees_the_childs_earlier_closed_case(client):
    child = Child.objects.create()
    earlier = ClosedCaseFactory(referral__child=child, closure_reason="completed")
    case = ActiveCaseFactory(referral__child=child)
    client.force_login(case.guider)
    html = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    assert "Previous involvement" in html
    assert earlier.referral.reference in html
    assert f"Case closed {earlier.closed_on:%-d %b %Y}" in html
    assert Case.objects.count() == 2

"""Previous involvement says how the child's earlier case went: its helping questions' rise,
first rating to last, on the case overview and the coordinator's referral page."""

import pytest
from django.urls import reverse

from cases.tests.factories import ActiveCaseFactory, ClosedCaseFactory
from cycles.models import Rating
from cycles.tests.factories import HelpingQuestionFactory, RatingFactory
from referrals.models import Child
from vig_service.accounts.tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def _rated(case, *values):
    question = HelpingQuestionFactory(case=case)
    RatingFactory(question=question, kind=Rating.Kind.BASELINE, value=values[0])
    RatingFactory(question=question, kind=Rating.Kind.CLOSURE, value=values[1])


def test_the_earlier_cases_helping_questions_rise_is_shown(client):
    child = Child.objects.create()
    earlier = ClosedCaseFactory(referral__child=child)
    _rated(earlier, 3, 7)
    _rated(earlier, 5, 6)
    fell = ClosedCaseFactory(referral__child=child)
    _rated(fell, 6, 4)
    case = ActiveCaseFactory(referral__child=child)
    client.force_login(case.guider)
    overview = client.get(reverse("cases:overview", args=[case.pk])).content.decode()
    rows = overview.split('id="previous-involvement"')[1]
    assert "Rose 2.5" in rows
    assert "Fell 2.0" in rows
    client.force_login(CoordinatorFactory())
    page = client.get(reverse("referrals:detail", args=[case.referral_id])).content.decode()
    assert "Rose 2.5" in page.split('id="previous-involvement"')[1]

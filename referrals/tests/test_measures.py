"""Measures: the administrator's items and versions, results kept in the version they used,
PRFQ taken from the referral at submission, and the rules each score is held to."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from measures import rules, services
from measures.errors import MeasureError
from measures.models import MeasureResult
from measures.services import prfq_measure
from referrals import rules as referral_rules
from referrals.services import referral_submit
from referrals.tests.factories import CompleteDraftFactory, SubmittedReferralFactory
from vig_service.accounts.tests.factories import AdministratorFactory, GuiderFactory
from vig_service.core.errors import RuleBroken

pytestmark = pytest.mark.django_db

ITEMS = "Calm at bedtime | 0 | 10 | higher\nWorries | 1 | 5 | lower"


def _measure(**changes):
    values = {
        "measure_id": None,
        "by": AdministratorFactory(),
        "name": "Bedtime check",
        "description": "",
        "time_points": ["referral", "closure"],
        "follow_up_months": 3,
        "improvement_margin": Decimal(2),
        "items_text": ITEMS,
    }
    return services.measure_save(**{**values, **changes})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter at least one item"),
        ("Calm | 0 | 10", "Line 1 must have 4 parts"),
        ("Calm | zero | 10 | higher", "Line 1: the lowest score must be a number"),
        ("Calm | 5 | 5 | higher", "Line 1: the highest score must be above the lowest"),
        ("Calm | 0 | 10 | better", "Line 1: say whether higher or lower is better"),
        ("Calm | 0 | 1e9 | higher", "Line 1: the highest score must be a number from"),
        ("Calm | 0 | NaN | higher", "Line 1: the highest score must be a number from"),
        ("Calm | 0 | 10 | higher\ncalm | 0 | 9 | lower", "Line 2: two items have the same"),
    ],
)
def test_items_an_administrator_types_are_refused_with_the_line_that_is_wrong(text, message):
    with pytest.raises(RuleBroken, match=message):
        rules.parse_items(text)


def test_improved_follows_the_better_direction_and_the_margin():
    assert rules.improved(Decimal(3), Decimal(5), better="higher", margin=Decimal(2))
    assert not rules.improved(Decimal(3), Decimal(4), better="higher", margin=Decimal(2))
    assert rules.improved(Decimal(5), Decimal(3), better="lower", margin=Decimal(2))
    assert rules.median([Decimal(1), Decimal(4), Decimal(2), Decimal(3)]) == Decimal("2.5")


def test_changing_the_items_makes_a_new_version_and_old_answers_keep_theirs():
    measure = _measure()
    referral = SubmittedReferralFactory()
    first = measure.current_version()
    items = list(first.items.all())
    result = services.measure_result_record(
        referral_id=referral.pk,
        measure_id=measure.pk,
        time_point="referral",
        taken_on=timezone.localdate(),
        scores={items[0].pk: Decimal(3), items[1].pk: Decimal(4)},
        by=GuiderFactory(),
    )
    # Saving the same items again keeps the version; new wording makes version 2.
    _measure(measure_id=measure.pk, items_text=ITEMS)
    assert measure.versions.count() == 1
    _measure(measure_id=measure.pk, items_text=ITEMS + "\nPlaying together | 0 | 10 | higher")
    assert measure.current_version().number == 2
    result.refresh_from_db()
    assert result.version == first
    assert [s.item.wording for s in result.scores.all()] == ["Calm at bedtime", "Worries"]


def test_a_result_is_refused_out_of_range_twice_or_in_the_future():
    measure = _measure()
    referral = SubmittedReferralFactory()
    calm, worries = measure.current_version().items.all()
    record = {
        "referral_id": referral.pk,
        "measure_id": measure.pk,
        "time_point": "referral",
        "taken_on": timezone.localdate(),
        "by": GuiderFactory(),
    }
    with pytest.raises(MeasureError, match="The score for Worries must be from 1 to 5"):
        services.measure_result_record(**record, scores={calm.pk: 3, worries.pk: Decimal(9)})
    with pytest.raises(MeasureError, match="is not taken at follow-up"):
        services.measure_result_record(
            **{**record, "time_point": "follow_up"}, scores={calm.pk: 3, worries.pk: 2}
        )
    with pytest.raises(MeasureError, match="must be today or in the past"):
        services.measure_result_record(
            **{**record, "taken_on": timezone.localdate() + timedelta(days=1)},
            scores={calm.pk: 3, worries.pk: 2},
        )
    services.measure_result_record(**record, scores={calm.pk: 3, worries.pk: 2})
    with pytest.raises(MeasureError, match="was already recorded"):
        services.measure_result_record(**record, scores={calm.pk: 3, worries.pk: 2})
    assert MeasureResult.objects.filter(referral=referral).count() == 1


def test_prfq_is_a_measure_taken_from_the_referral_when_it_is_sent():
    prfq = prfq_measure()
    assert [i.wording for i in prfq.current_version().items.all()] == [
        "Pre-mentalizing",
        "Certainty about mental states",
        "Interest and curiosity",
    ]
    taken = timezone.localdate() - timedelta(days=3)
    draft = CompleteDraftFactory(
        prfq_completed=True,
        prfq_date=taken,
        prfq_pre_mentalizing=Decimal("2.5"),
        prfq_certainty=Decimal("4"),
        prfq_interest=Decimal("5.25"),
    )
    draft.prfq_version = referral_rules.prfq_version_for(draft.child_date_of_birth, taken)
    draft.save()
    referral_submit(referral_id=draft.pk, by=draft.referrer, site_url="http://testserver/")
    result = MeasureResult.objects.get(referral=draft, measure=prfq)
    assert result.time_point == "referral"
    assert [s.value for s in result.scores.all()] == [
        Decimal("2.5"),
        Decimal("4"),
        Decimal("5.25"),
    ]


def test_an_administrator_adds_a_measure_and_a_bad_line_is_shown_on_its_field(client):
    client.force_login(AdministratorFactory())
    data = {
        "name": "Bedtime check",
        "time_points": ["referral", "closure"],
        "follow_up_months": "3",
        "improvement_margin": "2",
        "items_text": "Calm | 0 | ten | higher",
        "active": "yes",
    }
    bad = client.post(reverse("measures:add"), data)
    assert "Line 1: the lowest score must be a number" not in bad.content.decode()
    assert "Line 1: the highest score must be a number" in bad.content.decode()
    done = client.post(reverse("measures:add"), {**data, "items_text": ITEMS}, follow=True)
    assert "Bedtime check saved" in done.content.decode()
    listing = client.get(reverse("measures:list")).content.decode()
    assert "at referral, at closure" in listing

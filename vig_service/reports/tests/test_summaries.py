"""The report summaries equal a fresh aggregation of the records after any sequence of writes,
and `rebuild_report_summaries` puts them right (docs/architecture.md, "Report summaries").

More examples: HYPOTHESIS_PROFILE=summaries-long (the profiles are registered here).
"""

import os
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case
from cases.tests.factories import HelpingQuestionFactory
from cycles.models import Clip, Cycle, Rating, SharedReview
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.models import Profession, User
from vig_service.reports import attunement, engagement, queries
from vig_service.reports.forms import DateRange
from vig_service.reports.models import ReferralDay
from vig_service.reports.summaries import read
from vig_service.reports.tests import factories, fresh

settings.register_profile("summaries", max_examples=12, deadline=None)
settings.register_profile("summaries-long", max_examples=200, deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "summaries")
FIRST = date(2026, 3, 1)
DAYS = st.integers(min_value=0, max_value=40)
HOURS = st.integers(min_value=0, max_value=23)
PRINCIPLES = ["Being attentive", "Encouraging initiatives", "Receiving initiatives"]

write = st.one_of(
    st.tuples(st.just("submit"), DAYS, HOURS, st.sampled_from([1, 2, 3, 4, None])),
    st.tuples(st.just("decide"), st.integers(0, 30), DAYS, st.booleans()),
    st.tuples(st.just("withdraw"), st.integers(0, 30)),
    st.tuples(st.just("allocate"), DAYS, st.integers(0, 90)),
    st.tuples(st.just("film"), st.integers(0, 30), DAYS, st.booleans()),
    st.tuples(st.just("refilm"), st.integers(0, 30), DAYS),
    st.tuples(st.just("rate"), st.integers(0, 30), st.integers(0, 10), st.integers(0, 10)),
    st.tuples(st.just("clip"), st.integers(0, 30), st.sampled_from(PRINCIPLES)),
    st.tuples(st.just("close"), st.integers(0, 30), DAYS),
    st.tuples(st.just("uncycle"), st.integers(0, 30)),
    st.tuples(st.just("profession"), st.sampled_from(Profession.values)),
)


def _pick(model, index):
    rows = list(model.objects.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _apply(step) -> None:
    """One write, through the factories or the ORM: the summaries follow every write."""
    kind, *args = step
    day = FIRST + timedelta(days=args[0]) if kind in ("submit", "allocate") else None
    if kind == "submit":
        SubmittedReferralFactory(submitted_at=factories.at(day, args[1]), priority_tier=args[2])
    elif kind == "decide" and (referral := _pick(Referral, args[0])):
        moment = factories.at(FIRST + timedelta(days=args[1]), 15)
        accepted = args[2]
        Referral.objects.filter(pk=referral.pk).update(
            status=Referral.Status.ACCEPTED if accepted else Referral.Status.DECLINED,
            decided_at=moment,
            accepted_at=moment if accepted else None,
            decline_reason="" if accepted else f"Reason {args[0] % 3}",
        )
    elif kind == "withdraw" and (referral := _pick(Referral, args[0])):
        Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.WITHDRAWN)
    elif kind == "allocate":
        factories.allocated_case(accepted_at=factories.at(day, 9), days=args[1] % 20)
    elif kind == "film" and (case := _pick(Case, args[0])):
        filmed_on = FIRST + timedelta(days=args[1])
        cycle = Cycle.objects.create(
            case=case,
            number=max(case.cycles.values_list("number", flat=True), default=0) + 1,
            status=Cycle.Status.REVIEWED if args[2] else Cycle.Status.FILMED,
            filmed_on=filmed_on,
            edited_on=filmed_on + timedelta(days=3) if args[2] else None,
        )
        if args[2]:
            SharedReview.objects.create(
                cycle=cycle, held_on=filmed_on + timedelta(days=args[1] % 30), attendees="Mum"
            )
    elif kind == "refilm" and (cycle := _pick(Cycle, args[0])):
        Cycle.objects.filter(pk=cycle.pk).update(filmed_on=FIRST + timedelta(days=args[1]))
    elif kind == "rate" and (case := _pick(Case, args[0])):
        question = case.helping_questions.first() or HelpingQuestionFactory(
            case=case, baseline__value=args[1]
        )
        review = (
            Cycle.objects.filter(case=case, review__isnull=False)
            .exclude(review__ratings__question=question)
            .first()
        )
        if review:
            Rating.objects.create(
                question=question,
                kind=Rating.Kind.REVIEW,
                review=review.review,
                value=args[2],
                rated_on=review.review.held_on,
            )
    elif kind == "clip" and (cycle := _pick(Cycle, args[0])):
        Clip.objects.create(
            cycle=cycle, timestamp="00:01", description="Play", principles=[args[1]]
        )
    elif kind == "close" and (case := _pick(Case, args[0])):
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED,
            closed_on=FIRST + timedelta(days=args[1]),
            closure_reason="completed" if args[1] % 2 else "disengaged",
        )
    elif kind == "uncycle" and (cycle := _pick(Cycle, args[0])):
        cycle.delete()
    elif kind == "profession" and (referral := _pick(Referral, 0)):
        User.objects.filter(pk=referral.referrer_id).update(profession=args[0])


def _waits(date_range):
    figures = queries.waiting_figures(date_range, now=factories.at(FIRST, 12))
    review = engagement.appointment_figures(date_range)["review_wait"]
    return {
        "decided": figures["decided"],
        "to_decision": figures["to_decision"],
        "to_allocation": figures["to_allocation"],
        "to_filming": figures["to_filming"],
        "review_wait": review,
    }


def _assert_summaries_match(date_range) -> None:
    assert queries.referral_counts(date_range) == fresh.referral_counts(date_range)
    assert _waits(date_range) == fresh.waits(date_range)
    assert queries.outcome_counts(date_range) == fresh.outcome_counts(date_range)
    assert attunement.principle_counts(date_range) == fresh.principle_counts(date_range)


RANGES = st.tuples(st.integers(0, 45), st.integers(0, 45)).map(
    lambda pair: DateRange(
        start=FIRST + timedelta(days=min(pair)), end=FIRST + timedelta(days=max(pair))
    )
)


@pytest.mark.django_db
@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(write, min_size=1, max_size=25), chosen=RANGES)
def test_summaries_equal_a_fresh_aggregation_after_any_writes(steps, chosen):
    """Whatever the writes, every summarised figure equals the records' own aggregation, for
    the whole period and for a chosen range of days."""
    with transaction.atomic():
        for step in steps:
            _apply(step)
        everything = DateRange(start=FIRST - timedelta(days=400), end=FIRST + timedelta(days=400))
        for date_range in (everything, chosen):
            _assert_summaries_match(date_range)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_rebuild_puts_wrong_summaries_right_and_says_what_it_rebuilt():
    """A summary row lost or altered outside the triggers is recomputed from the records."""
    for offset in range(3):
        factories.decided(submitted=FIRST + timedelta(days=offset), days=offset + 1)
    whole = DateRange(start=FIRST, end=FIRST + timedelta(days=10))
    expected = fresh.referral_counts(whole)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL vig.report_summaries = 'off'")
        cursor.execute("DELETE FROM reports_referralday")
        cursor.execute("UPDATE reports_waitday SET n = n + 5")
    assert queries.referral_counts(whole) != expected
    out = StringIO()
    call_command("rebuild_report_summaries", stdout=out)
    call_command("rebuild_report_summaries", stdout=out)
    assert queries.referral_counts(whole) == expected
    assert _waits(whole) == fresh.waits(whole)
    assert ReferralDay.objects.count() == 3
    assert "Rebuilt reports_referralday: 3 rows" in out.getvalue()


@pytest.mark.django_db
def test_a_percentile_across_whole_days_of_wait_and_a_late_count_within_one_are_exact():
    """Waits of 30, 42 and 49 hours: the 90th percentile lies between the second whole day of
    wait and the third, and "later than 36 hours" splits the second whole day."""
    submitted = factories.at(FIRST, 6)
    for hours in (30, 42, 49):
        SubmittedReferralFactory(
            submitted_at=submitted,
            status=Referral.Status.DECLINED,
            decided_at=submitted + timedelta(hours=hours),
            decline_reason="Not eligible",
        )
    whole = DateRange(start=FIRST, end=FIRST + timedelta(days=5))

    figures = read.waits_overall("decision", whole, late_after=timedelta(hours=36))

    assert figures == {
        "n": 3,
        "median": timedelta(hours=42),
        "p90": timedelta(hours=42) + 0.8 * timedelta(hours=7),
        "late": 2,
    }
    assert read.waits("decision", whole)[1] == fresh.waits(whole)["to_decision"][1]


@pytest.mark.django_db
def test_a_mean_that_is_no_exact_binary_fraction_is_the_fresh_aggregations_own():
    """Three closed cases with 2, 2 and 3 cycles: the mean is 7/3, given as the same number
    (a float, as Django's Avg gives) by the summaries and by the records."""
    steps = [("submit", 0, 9, 1)] * 3 + [("allocate", 1, 5)] * 3
    steps += [("film", case, 2, False) for case in (0, 0, 1, 1, 2, 2, 2)]
    steps += [("close", case, 20) for case in range(3)]
    for step in steps:
        _apply(step)
    whole = DateRange(start=FIRST - timedelta(days=400), end=FIRST + timedelta(days=400))
    summarised = queries.outcome_counts(whole)["cycles"]
    assert summarised == fresh.outcome_counts(whole)["cycles"]
    assert summarised["cases"] == 3
    assert summarised["mean"] == pytest.approx(7 / 3)
    assert isinstance(summarised["mean"], float)

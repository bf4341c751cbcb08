"""Small, hand-built data for checking the reports' figures."""

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.models import Case
from cases.tests.factories import CaseFactory, ClosedCaseFactory, HelpingQuestionFactory
from cycles.models import Cycle, Rating, SharedReview
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory


def at(day: date, hour: int = 12) -> datetime:
    """A moment on `day` in the service's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def referral(*, submitted: date, status=Referral.Status.SUBMITTED, **fields) -> Referral:
    """A submitted referral, received on `submitted`."""
    return SubmittedReferralFactory(submitted_at=at(submitted), status=status, **fields)


def decided(*, submitted: date, days: int, accepted: bool = True, **fields) -> Referral:
    """A referral decided `days` after it was submitted."""
    decided_at = at(submitted) + timedelta(days=days)
    return referral(
        submitted=submitted,
        status=Referral.Status.ACCEPTED if accepted else Referral.Status.DECLINED,
        decided_at=decided_at,
        accepted_at=decided_at if accepted else None,
        **fields,
    )


def allocated_case(*, accepted_at: datetime, days: int, factory=CaseFactory, **fields) -> Case:
    """A case opened `days` after its referral was accepted."""
    opened = accepted_at + timedelta(days=days)
    case = factory(
        referral__accepted_at=accepted_at,
        referral__decided_at=accepted_at,
        referral__submitted_at=accepted_at - timedelta(days=1),
        opened_on=timezone.localdate(opened),
        **fields,
    )
    # created_at is set on insert; the allocation moment is what the report reads.
    Case.objects.filter(pk=case.pk).update(created_at=opened)
    return case


def filmed_cycles(case: Case, dates: list[date], *, reviewed: bool = True) -> list[Cycle]:
    """Cycles 1..n of `case`, filmed on `dates` (reviewed a week later unless told not)."""
    cycles = []
    for number, day in enumerate(dates, start=1):
        cycle = Cycle.objects.create(
            case=case,
            number=number,
            status=Cycle.Status.REVIEWED if reviewed else Cycle.Status.FILMED,
            filmed_on=day,
            edited_on=day + timedelta(days=3) if reviewed else None,
        )
        if reviewed:
            SharedReview.objects.create(
                cycle=cycle, held_on=day + timedelta(days=7), attendees="Mum"
            )
        cycles.append(cycle)
    return cycles


def closed_case_with_ratings(
    *, closed_on: date, reason: str, baseline: int, reviews: list[int], closure: int | None
) -> Case:
    """A closed case with one helping question rated at baseline, at each review and closure."""
    case = ClosedCaseFactory(closed_on=closed_on, closure_reason=reason)
    question = HelpingQuestionFactory(case=case, baseline__value=baseline)
    first = closed_on - timedelta(days=30 * (len(reviews) + 1))
    cycles = filmed_cycles(case, [first + timedelta(days=21 * n) for n in range(len(reviews))])
    for cycle, value in zip(cycles, reviews, strict=True):
        Rating.objects.create(
            question=question,
            kind=Rating.Kind.REVIEW,
            review=cycle.review,
            value=value,
            rated_on=cycle.review.held_on,
        )
    if closure is not None:
        Rating.objects.create(
            question=question, kind=Rating.Kind.CLOSURE, value=closure, rated_on=closed_on
        )
    return case


_references = itertools.count(1)


def bulk_referrals(count: int, *, referrer, guider) -> None:
    """`count` submitted referrals in January 2025 (half allocated to `guider` with a cycle),
    made with bulk_create for pinning query counts at larger sizes.
    """
    submitted = at(date(2025, 1, 15))
    referrals = Referral.objects.bulk_create(
        Referral(
            referrer=referrer,
            status=Referral.Status.ALLOCATED if index % 2 else Referral.Status.DECLINED,
            reference=f"VIG-2024-{next(_references):05d}",
            submitted_at=submitted,
            decided_at=submitted + timedelta(days=3),
            accepted_at=submitted + timedelta(days=3) if index % 2 else None,
            decline_reason="" if index % 2 else "Out of area",
            child_first_name="Bulk",
            child_last_name=f"Child {index}",
            child_date_of_birth=date(2020, 1, 1),
            plan_status="cin",
            route_in="direct",
            hoped_change="Enjoy play together.",
            child_impact="Feels understood.",
            priority_tier=1 + index % 4,
        )
        for index in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(
            referral=referral,
            guider=guider,
            status=Case.Status.ACTIVE,
            opened_on=date(2025, 1, 25),
        )
        for referral in referrals
        if referral.status == Referral.Status.ALLOCATED
    )
    Cycle.objects.bulk_create(
        Cycle(case=case, number=1, status=Cycle.Status.FILMED, filmed_on=date(2025, 2, 10))
        for case in cases
    )

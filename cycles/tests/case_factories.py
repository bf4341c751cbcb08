"""Cases with cycles, reviews and ratings, for the tests of the case pages that show them.

Cases' own factories cannot import cycles (docs/architecture.md, "Apps and layers"), so
the factories that make cycles for a case's progress, limit and ratings live here.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.models import Case, Consent, Contact, ExtensionRequest, HelpingQuestion
from cases.tests.factories import ActiveCaseFactory, HelpingQuestionFactory
from cycles.models import Cycle, Rating, SharedReview
from referrals.models import Referral


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=days))


class RatingFactory(factory.django.DjangoModelFactory):
    """A baseline rating of 3."""

    class Meta:
        model = Rating

    question = factory.SubFactory(HelpingQuestionFactory, baseline=False)
    kind = Rating.Kind.BASELINE
    value = 3


class CycleFactory(factory.django.DjangoModelFactory):
    """Cycle 1 of an active case, not yet filmed."""

    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    case = factory.SubFactory(ActiveCaseFactory)
    number = 1


class ReviewedCycleFactory(CycleFactory):
    """A cycle filmed 30 days ago whose shared review was held 20 days ago."""

    status = Cycle.Status.REVIEWED
    filmed_on = _days_ago(30)
    focus_child_filmed = True
    edited_on = _days_ago(25)
    review = factory.RelatedFactory(
        "cycles.tests.case_factories.SharedReviewFactory", factory_related_name="cycle"
    )


class SharedReviewFactory(factory.django.DjangoModelFactory):
    """The shared review of a cycle."""

    class Meta:
        model = SharedReview

    cycle = factory.SubFactory(ReviewedCycleFactory, review=None)
    held_on = _days_ago(20)
    attendees = "Mum and the guider"


class NearLimitCaseFactory(ActiveCaseFactory):
    """A case opened 200 days ago, first filmed 170 days ago: its limit ends in about 12 days."""

    opened_on = _days_ago(200)
    contract_agreed_on = _days_ago(195)
    first_cycle = factory.RelatedFactory(
        "cycles.tests.case_factories.ReviewedCycleFactory",
        factory_related_name="case",
        filmed_on=_days_ago(170),
        edited_on=_days_ago(168),
        review__held_on=_days_ago(165),
    )


class ExtensionRequestFactory(factory.django.DjangoModelFactory):
    """The guider's request, waiting for a manager, to extend a case near its limit."""

    class Meta:
        model = ExtensionRequest

    case = factory.SubFactory(NearLimitCaseFactory)
    requested_by = factory.LazyAttribute(lambda request: request.case.guider)
    reason = "The family missed two months while the baby was in hospital."


def bulk_cases(count: int, *, guider, referrer) -> list[Case]:
    """`count` active cases for one guider, each with a contact, consent, question and cycle.

    Made with bulk_create, for pinning query counts at hundreds of cases.
    """
    today = timezone.localdate()
    referrals = Referral.objects.bulk_create(
        Referral(
            referrer=referrer,
            status=Referral.Status.ALLOCATED,
            reference=f"VIG-2025-{index:05d}",
            submitted_at=timezone.now(),
            child_first_name="Bulk",
            child_last_name=f"Child {index}",
            child_date_of_birth=today - timedelta(days=2000 + index),
            plan_status="cin",
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
            opened_on=today - timedelta(days=90),
            contract_agreed_on=today - timedelta(days=60),
        )
        for referral in referrals
    )
    Contact.objects.bulk_create(
        Contact(
            case=case,
            happened_on=today - timedelta(days=70),
            kind=Contact.Kind.INITIAL_VISIT,
            attendees="Mum",
            recorded_by=guider,
        )
        for case in cases
    )
    Consent.objects.bulk_create(
        Consent(
            case=case,
            kind=Consent.Kind.FILMING,
            given_by="Mum",
            given_on=today - timedelta(days=60),
            recorded_by=guider,
        )
        for case in cases
    )
    HelpingQuestion.objects.bulk_create(
        HelpingQuestion(case=case, owner="parent", wording="Bedtime?", set_on=today)
        for case in cases
    )
    Cycle.objects.bulk_create(
        Cycle(case=case, number=1, status=Cycle.Status.FILMED, filmed_on=today) for case in cases
    )
    return cases

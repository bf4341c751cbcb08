"""Factories for cases at each stage, their contracting records and guiders' own capacities."""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    Consent,
    Contact,
    ExtensionRequest,
    GuiderCapacity,
    HelpingQuestion,
    TrajectHeading,
)
from cycles.models import Cycle, Rating, SharedReview
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import GuiderFactory, ManagerFactory


def _days_ago(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=days))


class CaseFactory(factory.django.DjangoModelFactory):
    """A case just opened: its referral allocated to a guider (not through case_open)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    referral = factory.SubFactory(SubmittedReferralFactory, status=Referral.Status.ALLOCATED)
    guider = factory.SubFactory(GuiderFactory)
    opened_on = _days_ago(60)

    opened_event = factory.RelatedFactory(
        "cases.tests.factories.CaseEventFactory",
        factory_related_name="case",
        action=CaseEvent.Action.OPENED,
        to_status=Case.Status.ALLOCATED,
    )


class ContractingCaseFactory(CaseFactory):
    """A case in contracting: an initial visit held, nothing else recorded yet."""

    status = Case.Status.CONTRACTING
    initial_visit = factory.RelatedFactory(
        "cases.tests.factories.ContactFactory", factory_related_name="case"
    )


class ReadyCaseFactory(ContractingCaseFactory):
    """A contracting case ready to start: contract agreed, filming consent, one question."""

    contract_agreed_on = _days_ago(40)
    filming_consent = factory.RelatedFactory(
        "cases.tests.factories.ConsentFactory", factory_related_name="case"
    )
    question = factory.RelatedFactory(
        "cases.tests.factories.HelpingQuestionFactory", factory_related_name="case"
    )


class ActiveCaseFactory(ReadyCaseFactory):
    """A case whose intervention has started."""

    status = Case.Status.ACTIVE


class ClosedCaseFactory(CaseFactory):
    """A case that has ended."""

    status = Case.Status.CLOSED
    closed_on = factory.LazyFunction(timezone.localdate)
    closure_reason = "completed"
    outcome_summary = "The family completed the intervention."


class CaseEventFactory(factory.django.DjangoModelFactory):
    """One line of a case's timeline."""

    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory, opened_event=None)
    action = CaseEvent.Action.OPENED


class ContactFactory(factory.django.DjangoModelFactory):
    """An initial visit to the family."""

    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    happened_on = _days_ago(50)
    kind = Contact.Kind.INITIAL_VISIT
    attendees = "Mum and the guider"
    recorded_by = factory.SelfAttribute("case.guider")


class ConsentFactory(factory.django.DjangoModelFactory):
    """Mum's consent to be filmed."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    kind = Consent.Kind.FILMING
    given_by = "Mum"
    given_on = _days_ago(40)
    recorded_by = factory.SelfAttribute("case.guider")


class SharingConsentFactory(ConsentFactory):
    """Consent for a named social worker to attend shared reviews."""

    kind = Consent.Kind.PROFESSIONAL_ATTENDS
    named_person = "Sam Trewin, social worker"


class HelpingQuestionFactory(factory.django.DjangoModelFactory):
    """A parent's helping question with a baseline rating of 3."""

    class Meta:
        model = HelpingQuestion
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    owner = HelpingQuestion.Owner.PARENT
    wording = factory.Sequence(lambda n: f"How can I help him settle at bedtime? ({n})")
    set_on = _days_ago(40)
    baseline = factory.RelatedFactory(
        "cases.tests.factories.RatingFactory",
        factory_related_name="question",
        rated_on=factory.SelfAttribute("..set_on"),
    )


class RatingFactory(factory.django.DjangoModelFactory):
    """A baseline rating of 3."""

    class Meta:
        model = Rating

    question = factory.SubFactory(HelpingQuestionFactory, baseline=None)
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
        "cases.tests.factories.SharedReviewFactory", factory_related_name="cycle"
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
        "cases.tests.factories.ReviewedCycleFactory",
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


class CaseExtensionFactory(factory.django.DjangoModelFactory):
    """A manager's extension to 8 cycles and three months from today."""

    class Meta:
        model = CaseExtension

    case = factory.SubFactory(ActiveCaseFactory)
    cycle_limit = 8
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    reason = "The family moved house mid-intervention."
    granted_by = factory.SubFactory(ManagerFactory)


class TrajectHeadingFactory(factory.django.DjangoModelFactory):
    """A traject plan heading not yet saved."""

    class Meta:
        model = TrajectHeading

    case = factory.SubFactory(ActiveCaseFactory)
    title = "Daily life"
    position = 1


class GuiderCapacityFactory(factory.django.DjangoModelFactory):
    """A guider's own capacity, such as a part-time guider's 4."""

    class Meta:
        model = GuiderCapacity

    guider = factory.SubFactory(GuiderFactory)
    capacity = 4


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

"""Factories for cases at each stage, their contracting records and guiders' own capacities.

Cases with cycles (reviewed cycles, cases near their limit, bulk cases) are in
`cycles/tests/case_factories.py`: cases sits below cycles and cannot import its models.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from cases.cycle_facts import cycle_facts
from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    Consent,
    Contact,
    GuiderCapacity,
    HelpingQuestion,
    TrajectHeading,
)
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

    @factory.post_generation
    def baseline(self, create, extracted, **kwargs):
        """The baseline rating (`baseline__value`, else 3), made as the service makes it.

        `baseline=False` makes none. Cases' factories cannot import cycles' models
        (docs/architecture.md, "Apps and layers"), so they ask the provider cycles registers.
        """
        if create and extracted is not False:
            value, on = kwargs.get("value", 3), kwargs.get("rated_on", self.set_on)
            cycle_facts().rate_baseline(self, value, on)


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

"""Factories for cases, their events and guiders' own capacities."""

import factory
from django.utils import timezone

from cases.models import Case, CaseEvent, GuiderCapacity
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import GuiderFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case just opened: its referral allocated to a guider (not through case_open)."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    referral = factory.SubFactory(SubmittedReferralFactory, status=Referral.Status.ALLOCATED)
    guider = factory.SubFactory(GuiderFactory)

    opened_event = factory.RelatedFactory(
        "cases.tests.factories.CaseEventFactory",
        factory_related_name="case",
        action=CaseEvent.Action.OPENED,
        to_status=Case.Status.ALLOCATED,
    )


class ClosedCaseFactory(CaseFactory):
    """A case that has ended."""

    status = Case.Status.CLOSED
    closed_on = factory.LazyFunction(timezone.localdate)
    closure_reason = "completed"


class CaseEventFactory(factory.django.DjangoModelFactory):
    """One line of a case's timeline."""

    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory, opened_event=None)
    action = CaseEvent.Action.OPENED


class GuiderCapacityFactory(factory.django.DjangoModelFactory):
    """A guider's own capacity, such as a part-time guider's 4."""

    class Meta:
        model = GuiderCapacity

    guider = factory.SubFactory(GuiderFactory)
    capacity = 4

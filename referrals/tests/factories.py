"""Factories for referrals, from an empty draft to a submitted referral in any status."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from referrals import rules
from referrals.choices import Concern, Gender, PlanStatus, Relationship, RouteIn, YesNoUnknown
from referrals.models import (
    HouseholdChild,
    ParentCarer,
    Referral,
    ReferralEvent,
)
from vig_service.accounts.tests.factories import ReferrerFactory


class DraftReferralFactory(factory.django.DjangoModelFactory):
    """A draft with nothing answered yet."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

    referrer = factory.SubFactory(ReferrerFactory)
    team = factory.SelfAttribute("referrer.team")


class CompleteDraftFactory(DraftReferralFactory):
    """A draft with every question answered, ready to submit: a 6-year-old on a CIN plan."""

    child_first_name = factory.Faker("first_name", locale="en_GB")
    child_last_name = factory.Faker("last_name", locale="en_GB")
    child_date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=6 * 365 + 40)
    )
    child_gender = Gender.GIRL
    child_school_year = factory.LazyAttribute(
        lambda r: rules.school_year_for(r.child_date_of_birth, timezone.localdate())
    )
    child_send = YesNoUnknown.NO
    child_autism = YesNoUnknown.NO
    child_first_language = "English"
    interpreter_needed = False
    postcode_district = "TR1"
    has_other_children = False
    plan_status = PlanStatus.CIN
    route_in = RouteIn.DIRECT
    concerns = factory.LazyFunction(lambda: [Concern.ATTACHMENT, Concern.PARENTING])
    vig_is_right = True
    vig_is_right_reason = "Assessment shows the relationship is the main need."
    discussed_with_professionals = True
    family_seen_explanation = True
    hoped_change = "Mum hopes to enjoy play with her daughter again."
    hoped_change_agreed = True
    child_impact = "She will feel understood and calmer at home."
    parent_clear_on_impact = True
    prfq_completed = False

    parent = factory.RelatedFactory(
        "referrals.tests.factories.ParentCarerFactory", factory_related_name="referral"
    )


class SubmittedReferralFactory(CompleteDraftFactory):
    """A referral submitted (not through the service: use referral_submit to test that)."""

    status = Referral.Status.SUBMITTED
    reference = factory.Sequence(lambda n: f"VIG-2026-{90000 + n:05d}")
    submitted_at = factory.LazyFunction(timezone.now)
    eligible = True
    priority_tier = 3

    submitted_event = factory.RelatedFactory(
        "referrals.tests.factories.ReferralEventFactory",
        factory_related_name="referral",
        action=ReferralEvent.Action.SUBMITTED,
        to_status=Referral.Status.SUBMITTED,
        actor=factory.SelfAttribute("..referrer"),
    )


class ParentCarerFactory(factory.django.DjangoModelFactory):
    """A motivated parent who has agreed to the referral."""

    class Meta:
        model = ParentCarer

    referral = factory.SubFactory(DraftReferralFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = Relationship.BIRTH_PARENT
    phone = "07700 900123"
    motivated = True
    agreed_to_referral = True


class HouseholdChildFactory(factory.django.DjangoModelFactory):
    """A brother or sister."""

    class Meta:
        model = HouseholdChild

    referral = factory.SubFactory(DraftReferralFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    date_of_birth = date(2015, 5, 1)


class ReferralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(DraftReferralFactory)
    action = ReferralEvent.Action.CREATED

"""One child with a record in every table linked to a referral, for retention and exports."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Case, CaseEvent, TrajectRevision
from cases.tests.factories import (
    ActiveCaseFactory,
    CaseExtensionFactory,
    SharingConsentFactory,
    TrajectHeadingFactory,
)
from cycles.models import Rating
from cycles.tests.case_factories import ExtensionRequestFactory
from cycles.tests.factories import ClipShowingFactory, ReviewedCycleFactory, SupervisionFactory
from referrals.children import Child
from referrals.models import Referral, ReferralEvent
from referrals.services import flag_raise
from referrals.tests.factories import (
    HouseholdChildFactory,
    ParentCarerFactory,
    ReferralEventFactory,
    SubmittedReferralFactory,
)
from training.tests.factories import SupervisionSessionFactory
from vig_service.audit.models import AccessEvent

# Distinctive words, so a test can look for any trace of them.
CHILD_FIRST, CHILD_LAST = "Morwenna", "Pascoe-Trelawny"
NHS_NUMBER = "9434765919"
PARENT = "Demelza Pascoe-Trelawny"
SIBLING = "Jowan"
NOTE = "Kittiwake-cove confidential note"


def child_with_everything(*, closed_days_ago: int | None = None, **referral_fields):
    """An allocated referral whose case has every kind of record, optionally closed."""
    referral = SubmittedReferralFactory(
        status="allocated",
        child_first_name=CHILD_FIRST,
        child_last_name=CHILD_LAST,
        child_nhs_number=NHS_NUMBER,
        has_other_children=True,
        vig_is_right_reason=NOTE,
        parent__name=PARENT,
        parent__email="demelza@example.net",
        **referral_fields,
    )
    ParentCarerFactory(referral=referral, name=f"{PARENT} II", phone="07700 900999")
    HouseholdChildFactory(referral=referral, first_name=SIBLING)
    ReferralEventFactory(referral=referral, action=ReferralEvent.Action.ALLOCATED, note=NOTE)

    case = ActiveCaseFactory(referral=referral, outcome_summary=NOTE, footage_location=NOTE)
    case.contacts.update(notes=NOTE)
    sharing = SharingConsentFactory(case=case)
    CaseExtensionFactory(case=case, reason=NOTE)
    ExtensionRequestFactory(case=case, reason=NOTE)
    heading = TrajectHeadingFactory(case=case)
    TrajectRevision.objects.create(
        heading=heading,
        number=1,
        title=heading.title,
        changes_made=NOTE,
        changes_hoped_for=NOTE,
        saved_by=case.guider,
    )
    cycle = ReviewedCycleFactory(case=case, who_was_filmed=f"{PARENT} and {CHILD_FIRST}")
    cycle.review.professional_consents.add(sharing)
    cycle.review.guider_reflections = NOTE
    cycle.review.save()
    ClipShowingFactory(cycle=cycle, notes=NOTE)
    SupervisionFactory(cycle=cycle, notes=NOTE)
    CaseEvent.objects.create(case=case, action=CaseEvent.Action.CONTACT_RECORDED, note=NOTE)
    SupervisionSessionFactory(case=case, cycle=cycle, notes=NOTE)
    AccessEvent.objects.create(
        user=case.guider,
        roles="guider",
        record_kind="case",
        record_id=case.pk,
        referral_id=referral.pk,
        child_reference=referral.reference,
        action="view",
        path=f"/cases/{case.pk}/",
    )

    if closed_days_ago is not None:
        closed_on = timezone.localdate() - timedelta(days=closed_days_ago)
        for question in case.helping_questions.all():
            Rating.objects.create(
                question=question, kind=Rating.Kind.CLOSURE, value=8, rated_on=closed_on
            )
        Case.objects.filter(pk=case.pk).update(
            status=Case.Status.CLOSED, closed_on=closed_on, closure_reason="completed"
        )
        CaseEvent.objects.create(
            case=case, action=CaseEvent.Action.CLOSED, to_status="closed", note=NOTE
        )
    # The child as a record, with a flag on them (and its raised event).
    Referral.objects.filter(pk=referral.pk).update(child=Child.objects.create())
    referral.refresh_from_db()
    flag_raise(child_id=referral.child_id, by=case.guider, scope="household", kind="lone_working")
    return referral

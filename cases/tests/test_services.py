"""Opening and reassigning cases, and saving the case settings."""

from datetime import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, CaseSettings, GuiderCapacity
from cases.tests.factories import CaseFactory, GuiderCapacityFactory
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    UserFactory,
)
from vig_service.core.models import ConfigurationEvent
from vig_service.core.services import StaleEditError


def _referral():
    return SubmittedReferralFactory(status=Referral.Status.ALLOCATED)


def test_opening_a_case_records_who_opened_it_for_whom(db):
    """The case starts allocated, opened today, with an event naming the guider."""
    coordinator = CoordinatorFactory()
    guider = GuiderFactory(full_name="Gwen Pascoe")
    co_worker = GuiderFactory(full_name="Jory Hicks")
    referral = _referral()

    case = services.case_open(
        referral=referral, guider=guider, co_worker=co_worker, by=coordinator
    )

    assert (case.referral, case.guider, case.co_worker) == (referral, guider, co_worker)
    assert case.status == Case.Status.ALLOCATED
    assert case.opened_on == timezone.localdate()
    event = case.events.get()
    assert (event.action, event.actor, event.to_status) == ("opened", coordinator, "allocated")
    assert event.note == "Allocated to Gwen Pascoe with Jory Hicks as co-worker"
    assert event.action_label == "Case opened"


def test_a_case_cannot_be_opened_for_someone_who_is_not_a_guider(db):
    """A referrer or coordinator without the guider role is refused by name."""
    coordinator = CoordinatorFactory(full_name="Kit Nance")
    with pytest.raises(services.CaseError) as refused:
        services.case_open(referral=_referral(), guider=coordinator, by=coordinator)
    assert refused.value.message == "Choose a guider: Kit Nance is not a guider"
    assert not Case.objects.exists()


def test_a_case_cannot_be_opened_for_a_deactivated_guider(db):
    """Someone who has left the service cannot be given a family."""
    guider = GuiderFactory(full_name="Tamsin Rowe", is_active=False)
    with pytest.raises(services.CaseError) as refused:
        services.case_open(referral=_referral(), guider=guider, by=CoordinatorFactory())
    assert refused.value.message == ("Tamsin Rowe's account is deactivated; choose another guider")


def test_the_co_worker_must_be_a_guider_other_than_the_guider(db):
    """Co-working with oneself, or with a non-guider, is refused."""
    guider = GuiderFactory()
    with pytest.raises(services.CaseError) as same:
        services.case_open(
            referral=_referral(), guider=guider, co_worker=guider, by=CoordinatorFactory()
        )
    assert same.value.message == "The co-worker must be someone other than the guider"

    referrer = UserFactory(full_name="Morwenna Bray")
    with pytest.raises(services.CaseError) as not_guider:
        services.case_open(
            referral=_referral(), guider=guider, co_worker=referrer, by=CoordinatorFactory()
        )
    assert not_guider.value.message == "Choose a co-worker: Morwenna Bray is not a guider"
    assert not Case.objects.exists()


def test_reassigning_records_the_reason_and_bumps_the_version(db):
    """The timeline says from whom, to whom and why; the case's version moves on."""
    case = CaseFactory(guider__full_name="Gwen Pascoe")
    new_guider = GuiderFactory(full_name="Jory Hicks")
    coordinator = CoordinatorFactory()

    services.case_reassign(
        case_id=case.pk,
        guider=new_guider,
        by=coordinator,
        reason="Gwen is on long-term leave",
        expected_version=1,
    )

    case.refresh_from_db()
    assert (case.guider, case.version) == (new_guider, 2)
    event = case.events.last()
    assert (event.action, event.actor) == (CaseEvent.Action.REASSIGNED, coordinator)
    assert event.note == "From Gwen Pascoe to Jory Hicks: Gwen is on long-term leave"


def test_reassigning_to_the_co_worker_makes_them_the_guider_alone(db):
    """The co-worker who takes over is no longer also the co-worker."""
    co_worker = GuiderFactory()
    case = CaseFactory(co_worker=co_worker)
    services.case_reassign(
        case_id=case.pk, guider=co_worker, by=CoordinatorFactory(), reason="Handover"
    )
    case.refresh_from_db()
    assert (case.guider, case.co_worker) == (co_worker, None)


def test_reassigning_a_case_changed_since_the_page_was_loaded_is_refused(db):
    """The second coordinator is told who changed it and when; nothing is overwritten."""
    case = CaseFactory()
    first = CoordinatorFactory(full_name="Ada One")
    services.case_reassign(
        case_id=case.pk, guider=GuiderFactory(), by=first, reason="Leave", expected_version=1
    )
    changed_at = timezone.localtime(case.events.last().occurred_at)

    late = GuiderFactory()
    with pytest.raises(services.CaseError) as stale:
        services.case_reassign(
            case_id=case.pk,
            guider=late,
            by=CoordinatorFactory(),
            reason="Closer to the family",
            expected_version=1,
        )
    assert stale.value.message == (
        f"This case was changed by Ada One at {changed_at:%H:%M}. Review it before you continue."
    )
    case.refresh_from_db()
    assert case.guider != late
    assert case.version == 2


def test_reassigning_needs_a_reason(db):
    """A blank or whitespace reason is refused."""
    case = CaseFactory()
    with pytest.raises(services.CaseError) as refused:
        services.case_reassign(
            case_id=case.pk, guider=GuiderFactory(), by=CoordinatorFactory(), reason="  "
        )
    assert refused.value.message == "Enter the reason for reassigning the case"


def test_reassigning_to_the_same_guider_is_refused(db):
    """Choosing the current guider is a mistake worth saying so."""
    case = CaseFactory(guider__full_name="Gwen Pascoe")
    with pytest.raises(services.CaseError) as refused:
        services.case_reassign(
            case_id=case.pk, guider=case.guider, by=CoordinatorFactory(), reason="Leave"
        )
    assert refused.value.message == "Gwen Pascoe is already the guider"
    assert case.events.count() == 1


def test_reassigning_to_a_deactivated_guider_is_refused(db):
    """Only active guiders can take a case on."""
    case = CaseFactory()
    gone = GuiderFactory(full_name="Tamsin Rowe", is_active=False)
    with pytest.raises(services.CaseError, match="Tamsin Rowe's account is deactivated"):
        services.case_reassign(case_id=case.pk, guider=gone, by=CoordinatorFactory(), reason="x")


def test_case_settings_update_saves_default_and_overrides_with_history(db):
    """The default and each guider's own number are saved, and the change is recorded."""
    part_time = GuiderFactory(full_name="Gwen Pascoe")
    was_overridden = GuiderCapacityFactory(capacity=3).guider
    settings = CaseSettings.load()

    services.case_settings_update(
        loaded_at=settings.updated_at.isoformat(),
        changes={"default_capacity": 6},
        overrides={part_time.pk: 4, was_overridden.pk: None},
        by=AdministratorFactory(),
    )

    assert CaseSettings.load().default_capacity == 6
    assert GuiderCapacity.objects.get().guider == part_time
    note = ConfigurationEvent.objects.get().note
    assert "Open cases per full-time guider" in note
    assert "Capacity for Gwen Pascoe" in note


def test_case_settings_update_refuses_a_stale_version(db):
    """A form loaded before the last save is refused; nothing changes."""
    CaseSettings.load()
    with pytest.raises(StaleEditError):
        services.case_settings_update(
            loaded_at=datetime(2020, 1, 1, tzinfo=timezone.get_current_timezone()).isoformat(),
            changes={"default_capacity": 3},
            overrides={},
            by=AdministratorFactory(),
        )
    assert CaseSettings.load().default_capacity == 8

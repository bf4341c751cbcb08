"""Writes for cases. Each change locks the case and writes its event row in one transaction."""

from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseSettings, GuiderCapacity
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.services import StaleEditError, configuration_record_change

Status = Case.Status
Action = CaseEvent.Action


class CaseError(Exception):
    """A case action refused, with a message the user can act on."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_can_guide(user: User, *, as_: str) -> None:
    """Refuse anyone who cannot take a case on: not a guider, or deactivated."""
    if not user.has_role(Role.GUIDER):
        raise CaseError(f"Choose a {as_}: {user} is not a guider")
    if not user.is_active:
        raise CaseError(f"{user}'s account is deactivated; choose another {as_}")


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is None or case.version == expected_version:
        return
    last = case.events.select_related("actor").last()
    who = last.actor if last and last.actor else "someone else"
    when = f" at {timezone.localtime(last.occurred_at):%H:%M}" if last else ""
    raise CaseError(f"This case was changed by {who}{when}. Review it before you continue.")


@transaction.atomic
def case_open(*, referral, guider: User, co_worker: User | None = None, by: User) -> Case:
    """Open the case for a referral being allocated, with its guider and optional co-worker.

    Called inside the referral's allocation, which has locked the referral and checked its
    status; the one-to-one on Case.referral refuses a second case whatever happens.
    """
    _check_can_guide(guider, as_="guider")
    if co_worker is not None:
        if co_worker.pk == guider.pk:
            raise CaseError("The co-worker must be someone other than the guider")
        _check_can_guide(co_worker, as_="co-worker")
    case = Case.objects.create(
        referral=referral, guider=guider, co_worker=co_worker, status=Status.ALLOCATED
    )
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.OPENED,
        to_status=Status.ALLOCATED,
        note=f"Allocated to {guider}" + (f" with {co_worker} as co-worker" if co_worker else ""),
    )
    return case


@transaction.atomic
def case_reassign(
    *, case_id: int, guider: User, by: User, reason: str, expected_version: int | None = None
) -> Case:
    """Give a case to another guider, with the reason recorded on its timeline."""
    # Lock only the case row, not the users joined in for their names.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("guider", "co_worker")
        .get(pk=case_id)
    )
    _check_version(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("Enter the reason for reassigning the case")
    if case.status == Status.CLOSED:
        raise CaseError("This case is closed and can no longer be reassigned")
    if guider.pk == case.guider_id:
        raise CaseError(f"{guider} is already the guider")
    _check_can_guide(guider, as_="guider")

    previous = case.guider
    case.guider = guider
    # The co-worker taking over as guider cannot also be their own co-worker.
    if case.co_worker_id == guider.pk:
        case.co_worker = None
    case.version += 1
    case.save(update_fields=["guider", "co_worker", "version", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.REASSIGNED,
        note=f"From {previous} to {guider}: {reason}",
    )
    return case


@transaction.atomic
def case_settings_update(
    *, version: str, default_capacity: int, overrides: dict[int, int | None], by: User
) -> CaseSettings:
    """Save the default capacity and each guider's own capacity (None removes it).

    Refuses a form loaded before the last save. Guiders missing from `overrides` keep theirs.
    """
    settings = CaseSettings.objects.select_for_update().get(pk=CaseSettings.load().pk)
    if settings.updated_at.isoformat() != version:
        raise StaleEditError(configuration=settings.configuration, changed_at=settings.updated_at)
    changed = []
    if settings.default_capacity != default_capacity:
        settings.default_capacity = default_capacity
        changed.append(str(settings._meta.get_field("default_capacity").verbose_name))
    settings.full_clean()

    guiders = User.objects.in_bulk(list(overrides))
    current = {c.guider_id: c for c in GuiderCapacity.objects.filter(guider_id__in=overrides)}
    for guider_id, capacity in overrides.items():
        existing = current.get(guider_id)
        if capacity is None:
            if existing is None:
                continue
            existing.delete()
        elif existing is None:
            added = GuiderCapacity(guider=guiders[guider_id], capacity=capacity)
            added.full_clean()
            added.save()
        elif existing.capacity != capacity:
            existing.capacity = capacity
            existing.full_clean()
            existing.save(update_fields=["capacity"])
        else:
            continue
        changed.append(f"Capacity for {guiders[guider_id]}")
    settings.save()  # always, so the next stale check sees this save
    if changed:
        configuration_record_change(by=by, changed=changed)
    return settings

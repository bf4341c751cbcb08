"""What the cycle writes share: the locks, the versioned save, the event row, the checks."""

from django.core.exceptions import ValidationError

from cases.models import Case, CaseEvent, Consent
from cases.rules import CLOSED_MESSAGE
from cycles import rules
from cycles.errors import CycleError
from cycles.models import Cycle
from vig_service.accounts.models import User
from vig_service.core.transitions import check_version, lock

Status = Cycle.Status
Action = CaseEvent.Action


def _lock_case(case_id: int) -> Case:
    """Lock the case row (numbering and limits depend on it); a closed case is read-only."""
    case = lock(Case.objects, pk=case_id)
    if case.status == Case.Status.CLOSED:
        raise CycleError(CLOSED_MESSAGE)
    return case


def _lock_cycle(cycle_id: int, expected_version: int | None) -> Cycle:
    """Lock the cycle's case, then the cycle, refusing a page loaded before the last change."""
    case_id = Cycle.objects.values_list("case_id", flat=True).get(pk=cycle_id)
    case = _lock_case(case_id)
    queryset = Cycle.objects.select_for_update(of=("self",)).select_related("updated_by")
    cycle = lock(queryset, pk=cycle_id)
    cycle.case = case
    check_version(cycle, expected_version)
    return cycle


def _save(cycle: Cycle, *, by: User, fields=()) -> None:
    """Save the cycle's changed fields with a new version, naming who changed it."""
    cycle.version += 1
    cycle.updated_by = by
    cycle.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _record(cycle: Cycle, *, by: User, action: str, note: str) -> CaseEvent:
    """The line on the case's timeline for a change to one of its cycles, status unchanged."""
    return cycle.transition_event(by=by, action=action, from_status=cycle.status, note=note)


def _check(rule, *args, field: str = "", **kwargs):
    """Apply a pure rule, turning its refusal into a CycleError (about `field`, if given)."""
    try:
        return rule(*args, **kwargs)
    except rules.RuleBroken as broken:
        raise CycleError(broken.message, field=field or broken.field) from broken


def _full_clean(instance, **kwargs) -> None:
    """Model validation as a last guard; forms give the friendlier messages first."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as invalid:
        raise CycleError(" ".join(invalid.messages)) from invalid


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CycleError(message)
    return value


def _who(consent: Consent) -> str:
    return consent.named_person or consent.given_by

"""The guider's supervision on a cycle."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cycles import rules
from cycles.errors import CycleError
from cycles.models import Supervision
from cycles.services._common import Action, _check, _full_clean, _lock_cycle, _record, _save
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role


@transaction.atomic
def supervision_record(
    *,
    cycle_id: int,
    by: User,
    supervised_on: date,
    supervisor: User,
    notes: str = "",
    expected_version: int | None = None,
) -> Supervision:
    """Record the guider's supervision on this cycle, given by someone with the supervisor role."""
    cycle = _lock_cycle(cycle_id, expected_version)
    if not supervisor.has_role(Role.SUPERVISOR):
        raise CycleError(f"Choose a supervisor: {supervisor} is not a supervisor")
    if not supervisor.is_active:
        raise CycleError(f"{supervisor}'s account is deactivated; choose another supervisor")
    _check(
        rules.check_not_future,
        supervised_on,
        today=timezone.localdate(),
        what="The date of the supervision",
    )
    supervision = Supervision(
        cycle=cycle,
        supervised_on=supervised_on,
        supervisor=supervisor,
        notes=(notes or "").strip(),
    )
    _full_clean(supervision)
    supervision.save()
    _save(cycle, by=by)
    _record(
        cycle,
        by=by,
        action=Action.SUPERVISION_RECORDED,
        note=f"supervision with {supervisor} on {rules.long_date(supervised_on)}",
    )
    return supervision

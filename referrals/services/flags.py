"""Raising and ending flags on a child, their household or one case; each with its event."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from referrals.children import DETAIL_NEEDED, Flag, FlagEvent, FlagKind, FlagScope
from referrals.errors import ReferralError
from vig_service.core.transitions import lock


@transaction.atomic
def flag_raise(
    *,
    child_id: int,
    by,
    scope: str,
    kind: str,
    detail: str = "",
    review_on: date | None = None,
    ends_on: date | None = None,
    case_id: int | None = None,
) -> Flag:
    """Raise a flag; the detail is needed for a named person, a language or a need."""
    detail = " ".join((detail or "").split())
    if kind not in FlagKind.values:
        raise ReferralError("Select what the flag is about", field="kind")
    if kind in DETAIL_NEEDED and not detail:
        raise ReferralError(DETAIL_NEEDED[kind], field="detail")
    today = timezone.localdate()
    if review_on is not None and review_on < today:
        raise ReferralError("The review date must be today or later", field="review_on")
    if ends_on is not None and ends_on <= today:
        raise ReferralError("The end date must be after today", field="ends_on")
    if scope == FlagScope.CASE and case_id is None:
        raise ReferralError("A flag on this case only is raised from the case", field="scope")
    flag = Flag.objects.create(
        child_id=child_id,
        case_id=case_id if scope == FlagScope.CASE else None,
        scope=scope,
        kind=kind,
        detail=detail,
        raised_by=by,
        raised_on=today,
        review_on=review_on,
        ends_on=ends_on,
    )
    FlagEvent.objects.create(flag=flag, actor=by, action=FlagEvent.Action.RAISED, note=str(flag))
    return flag


@transaction.atomic
def flag_end(*, flag_id: int, by) -> Flag:
    """End a flag today: it stops showing and stays in the history."""
    flag = lock(Flag.objects, pk=flag_id)
    if not flag.is_active():
        raise ReferralError(f"This flag already ended on {flag.ends_on:%-d %B %Y}")
    flag.ends_on = max(timezone.localdate(), flag.raised_on)
    flag.ended_by = by
    flag.save(update_fields=["ends_on", "ended_by"])
    FlagEvent.objects.create(flag=flag, actor=by, action=FlagEvent.Action.ENDED, note=str(flag))
    return flag

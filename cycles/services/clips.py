"""The clips: chosen from the film, marked as chosen, and shown under a consent."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.models import CaseSettings, Consent
from cycles import rules
from cycles.errors import CycleError
from cycles.models import Clip, ClipShowing, Cycle
from cycles.services._common import (
    Action,
    Status,
    _check,
    _full_clean,
    _lock_cycle,
    _record,
    _required,
    _save,
    _who,
)
from vig_service.accounts.models import User
from vig_service.core.transitions import check_can_become, transition


def _check_clips_open(cycle: Cycle) -> None:
    if cycle.status == Status.PLANNED:
        raise CycleError(f"Record the filming of cycle {cycle.number} before you add clips")
    if cycle.status == Status.REVIEWED:
        raise CycleError(
            f"The shared review for cycle {cycle.number} has been held, so its clips are final"
        )


@transaction.atomic
def clip_add(
    *,
    cycle_id: int,
    by: User,
    timestamp: str,
    description: str,
    principles: list[str],
    expected_version: int | None = None,
) -> Clip:
    """Add a clip chosen from a filmed cycle, with the principles of attuned interaction shown."""
    cycle = _lock_cycle(cycle_id, expected_version)
    _check_clips_open(cycle)
    timestamp = _check(rules.parse_timestamp, timestamp)
    if cycle.minutes and _check(rules.timestamp_seconds, timestamp) > cycle.minutes * 60:
        raise CycleError(f"The time must be within the {cycle.minutes} minutes filmed")
    description = _required(description, "Enter what happens in the clip")
    chosen = list(dict.fromkeys(principles or []))
    if not chosen:
        raise CycleError("Select at least one principle of attuned interaction the clip shows")
    known = CaseSettings.load().principles
    if unknown := [p for p in chosen if p not in known]:
        raise CycleError(f"Choose principles from the list (not: {', '.join(unknown)})")
    clip = Clip(cycle=cycle, timestamp=timestamp, description=description, principles=chosen)
    _full_clean(clip)
    clip.save()
    _save(cycle, by=by)
    _record(
        cycle,
        by=by,
        action=Action.CLIP_ADDED,
        note=f"clip at {timestamp} added ({', '.join(chosen)})",
    )
    return clip


@transaction.atomic
def clip_remove(
    *, cycle_id: int, by: User, clip_id: int, expected_version: int | None = None
) -> None:
    """Remove a clip before the shared review; a cycle marked edited keeps at least one."""
    cycle = _lock_cycle(cycle_id, expected_version)
    _check_clips_open(cycle)
    clip = cycle.clips.get(pk=clip_id)
    if cycle.status == Status.EDITED and cycle.clips.count() == 1:
        raise CycleError(
            f"Cycle {cycle.number} needs at least one clip. Add another before you remove this one"
        )
    clip.delete()
    _save(cycle, by=by)
    _record(cycle, by=by, action=Action.CLIP_REMOVED, note=f"clip at {clip.timestamp} removed")


@transaction.atomic
def cycle_mark_edited(
    *, cycle_id: int, by: User, edited_on: date, expected_version: int | None = None
) -> Cycle:
    """Mark the clips as chosen: the cycle is ready for its shared review."""
    cycle = _lock_cycle(cycle_id, expected_version)
    check_can_become(cycle, Status.EDITED)
    clip_count = cycle.clips.count()
    if not clip_count:
        raise CycleError("Add at least one clip before you mark the clips as chosen")
    if cycle.filmed_on and edited_on < cycle.filmed_on:
        raise CycleError(
            f"The clips cannot be chosen before the filming on {rules.long_date(cycle.filmed_on)}"
        )
    _check(
        rules.check_not_future,
        edited_on,
        today=timezone.localdate(),
        what="The date the clips were chosen",
    )
    cycle.edited_on, cycle.updated_by = edited_on, by
    transition(
        cycle,
        to=Status.EDITED,
        by=by,
        action=Action.CLIPS_CHOSEN,
        note=f"{clip_count} clip{'s' if clip_count != 1 else ''} chosen on "
        f"{rules.long_date(edited_on)}",
        fields=["edited_on", "updated_by"],
    )
    return cycle


@transaction.atomic
def clips_shown_record(
    *,
    cycle_id: int,
    by: User,
    consent_id: int,
    shown_on: date,
    notes: str = "",
    expected_version: int | None = None,
) -> ClipShowing:
    """Record that the cycle's clips were shown to someone, only under a live consent for it."""
    cycle = _lock_cycle(cycle_id, expected_version)
    consent = cycle.case.consents.filter(pk=consent_id).first()
    if consent is None:
        raise CycleError("Select who the clips were shown to from the list")
    if consent.kind != Consent.Kind.CLIPS_SHOWN or not consent.is_live:
        raise CycleError(f"There is no live consent to show clips to {_who(consent)}")
    if consent.given_on > shown_on:
        raise CycleError(
            f"The consent to show clips to {_who(consent)} was given on "
            f"{rules.long_date(consent.given_on)}, after the date shown"
        )
    if cycle.status not in (Status.EDITED, Status.REVIEWED):
        raise CycleError(
            f"Choose the clips for cycle {cycle.number} before you record them as shown"
        )
    if cycle.filmed_on and shown_on < cycle.filmed_on:
        raise CycleError(
            f"The clips cannot be shown before the filming on {rules.long_date(cycle.filmed_on)}"
        )
    _check(rules.check_not_future, shown_on, today=timezone.localdate(), what="The date shown")
    showing = ClipShowing(
        cycle=cycle, consent=consent, shown_on=shown_on, notes=(notes or "").strip()
    )
    _full_clean(showing)
    showing.save()
    _save(cycle, by=by)
    _record(
        cycle,
        by=by,
        action=Action.CLIPS_SHOWN,
        note=f"clips shown to {_who(consent)} on {rules.long_date(shown_on)}",
    )
    return showing

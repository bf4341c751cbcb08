"""Writes for cycles. Each locks the case, checks the cycle's version and writes a case event."""

from cases.rules import CLOSED_MESSAGE
from cycles.errors import CycleError, StaleCycle
from cycles.services.clips import clip_add, clip_remove, clips_shown_record, cycle_mark_edited
from cycles.services.filming import (
    CycleAlreadyStarted,
    cycle_correct_filming_date,
    cycle_record_filming,
    cycle_start,
)
from cycles.services.review import shared_review_record
from cycles.services.supervision import supervision_record

__all__ = [
    "CLOSED_MESSAGE",
    "CycleAlreadyStarted",
    "CycleError",
    "StaleCycle",
    "clip_add",
    "clip_remove",
    "clips_shown_record",
    "cycle_correct_filming_date",
    "cycle_mark_edited",
    "cycle_record_filming",
    "cycle_start",
    "shared_review_record",
    "supervision_record",
]

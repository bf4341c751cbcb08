"""Pure rules for measures: reading the items an administrator typed, checking a score,
and what counts as improved."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from vig_service.core.errors import RuleBroken

BETTER_WORDS = {"higher": "higher", "lower": "lower"}
ITEMS_HELP = (
    "One item on each line: its wording, the lowest score, the highest score, and whether "
    "higher or lower is better, separated by |. For example: Interest and curiosity | 1 | 7 | "
    "higher"
)


@dataclass(frozen=True)
class ItemSpec:
    """An item as typed: what it asks, its range, and which way is better."""

    key: str
    wording: str
    low: Decimal
    high: Decimal
    better: str


def _number(text: str, *, line: int, what: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise RuleBroken(f"Line {line}: the {what} must be a number, like 1 or 7") from None
    if not value.is_finite() or abs(value) >= 10_000:
        raise RuleBroken(f"Line {line}: the {what} must be a number from -9999 to 9999")
    return value


def key_for(wording: str) -> str:
    """A short stable name from the wording, like interest-and-curiosity."""
    return re.sub(r"[^a-z0-9]+", "-", wording.lower()).strip("-")[:40] or "item"


def parse_items(text: str) -> list[ItemSpec]:
    """The items from the administrator's lines; refused with the line that is wrong."""
    items, keys = [], set()
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise RuleBroken("Enter at least one item")
    if len(lines) > 50:
        raise RuleBroken("A measure can have at most 50 items")
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 4:
            raise RuleBroken(
                f"Line {number} must have 4 parts separated by |: wording, lowest score, "
                "highest score, higher or lower"
            )
        wording, low, high, better = parts
        if not wording or len(wording) > 300:
            raise RuleBroken(f"Line {number}: the wording must be 1 to 300 characters")
        low_value = _number(low, line=number, what="lowest score")
        high_value = _number(high, line=number, what="highest score")
        if high_value <= low_value:
            raise RuleBroken(f"Line {number}: the highest score must be above the lowest")
        if better.lower() not in BETTER_WORDS:
            raise RuleBroken(f"Line {number}: say whether higher or lower is better")
        key = key_for(wording)
        if key in keys:
            raise RuleBroken(f"Line {number}: two items have the same wording")
        keys.add(key)
        items.append(ItemSpec(key, wording, low_value, high_value, BETTER_WORDS[better.lower()]))
    return items


def items_text(items) -> str:
    """The lines an administrator edits, from a version's items."""
    return "\n".join(
        f"{item.wording} | {_plain(item.low)} | {_plain(item.high)} | {item.better}"
        for item in items
    )


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def check_score(value, *, low: Decimal, high: Decimal, wording: str) -> Decimal:
    """A score within the item's range."""
    if value is None:
        raise RuleBroken(f"Enter the score for {wording}")
    if not low <= value <= high:
        raise RuleBroken(f"The score for {wording} must be from {_plain(low)} to {_plain(high)}")
    return value


def improved(before: Decimal, after: Decimal, *, better: str, margin: Decimal) -> bool:
    """Whether the change is at least the margin in the better direction."""
    change = after - before
    return change >= margin if better == "higher" else -change >= margin


def median(values: list) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2

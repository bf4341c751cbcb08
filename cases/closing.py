"""What a higher app does once a case has closed (a provider: docs/architecture.md).

`documents` registers the writing of the closure summaries; `case_close` calls each after its
transaction commits, so a summary that cannot be written never stops a case closing.
"""

from collections.abc import Callable

# (case_id, by_id) -> None, run after the closing commits.
_after_close: dict[str, Callable[[int, int], None]] = {}


def register_after_close(name: str, action: Callable[[int, int], None]) -> None:
    """Run `action(case_id, by_id)` after each case closes (an app calls this in `ready()`)."""
    _after_close[name] = action


def after_close(case_id: int, by_id: int) -> None:
    """Run what the apps registered for a case that has just closed."""
    for action in _after_close.values():
        action(case_id, by_id)

"""What cases asks of cycles, provided by `cycles` when it loads.

`cases` sits below `cycles` (docs/architecture.md, "Apps and layers"), so it never imports it:
`cycles` registers one `CycleFacts` in its `AppConfig.ready()` and cases calls
`cycle_facts()`. Each read is batched for a whole queryset, so a page's queries stay constant.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CycleFacts:
    """The cycle facts and helping-question ratings that case pages, rules and services need."""

    # (OuterRef to a case) -> the date of its first filming, as a subquery: the one definition.
    first_filming: Callable
    # (OuterRef to a case) -> how many cycles it has started, as a subquery.
    cycles_started: Callable
    # (start, end) -> the ids of cases with a filming in that range (a values queryset).
    cases_filmed_between: Callable
    # (cases queryset) -> the same annotated with `last_review_on` and with `cycle_numbers`
    # and `cycle_statuses`: each cycle's number and status, in the order of their numbers.
    annotate_progress: Callable
    # (case_id) -> the date of the case's first filming, or None before it.
    first_filmed_on: Callable[[int], date | None]
    # (question, value, on): the baseline rating of a new helping question.
    rate_baseline: Callable
    # ([(question, value)], on): the closure rating of each question of a closing case.
    rate_closure: Callable
    # (questions): set `points` on each, its ratings in order, in one query for them all.
    attach_rating_points: Callable[[Iterable], None]
    # (case_id) -> one CycleTeaching per cycle: the principles its clips showed (with how
    # many clips showed each), whether it was reviewed, and each question's rating at its
    # review; in two queries whatever the number of cycles or clips.
    clips_by_cycle: Callable[[int], list]


@dataclass(frozen=True)
class CycleTeaching:
    """What one cycle's chosen clips showed, beside the ratings given at its shared review."""

    number: int
    clips: int
    principles: tuple[tuple[str, int], ...]
    reviewed: bool
    ratings: dict  # question id -> rating at this cycle's review


_registered: list[CycleFacts] = []


def register_cycle_facts(facts: CycleFacts) -> None:
    """Make `facts` the provider cases uses (cycles calls this in its `ready()`)."""
    _registered[:] = [facts]


def cycle_facts() -> CycleFacts:
    """The registered provider; an app set-up without `cycles` is a configuration error."""
    if not _registered:
        raise ImproperlyConfigured("cases needs the cycles app installed: it provides CycleFacts")
    return _registered[0]

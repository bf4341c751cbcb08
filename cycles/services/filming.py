"""Starting a cycle, recording its filming and correcting the date filmed."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Consent
from cycles import rules, selectors
from cycles.errors import CycleError
from cycles.models import Cycle
from cycles.services._common import (
    Action,
    Status,
    _check,
    _full_clean,
    _lock_case,
    _lock_cycle,
    _record,
    _required,
    _save,
)
from vig_service.accounts.models import User
from vig_service.core.transitions import check_can_become, transition


class CycleAlreadyStarted(CycleError):
    """The cycle a "Start cycle" page offered had already been started: nothing new started."""

    def __init__(self, cycle: Cycle, *, by: User):
        self.cycle = cycle
        if cycle.started_by_id is not None and cycle.started_by_id == by.pk:
            who = "you"
        else:
            who = cycle.started_by or "someone else"
        started = timezone.localtime(cycle.created_at)
        when = f"at {started:%H:%M}"
        if started.date() != timezone.localdate():
            when = f"on {rules.long_date(started.date())} {when}"
        super().__init__(
            f"Cycle {cycle.number} was already started by {who} {when}, "
            "so no new cycle was started"
        )


def _check_covered(case: Case, *, filmed_on: date, children: list[rules.Child]) -> None:
    """Refuse a filming date the case's contract and consents do not cover."""
    broken = rules.why_filming_not_covered(
        filmed_on=filmed_on,
        opened_on=case.opened_on,
        contract_agreed_on=case.contract_agreed_on,
        consents=selectors.filming_consents(case=case),
        children_filmed=children,
    )
    if broken is not None:
        raise CycleError(broken.message, field=broken.field)


@transaction.atomic
def cycle_start(*, case_id: int, by: User, number: int | None = None) -> Cycle:
    """Start the case's next cycle, numbered 1..N, within its limit or extension.

    `number` is the cycle the page offered: if it already exists (a double click, or a
    colleague a moment earlier) CycleAlreadyStarted says who started it and when, rather
    than starting another or claiming this request started it.
    """
    case = _lock_case(case_id)
    cycles = list(case.cycles.select_related("started_by").order_by("number"))
    if number is not None:
        for cycle in cycles:
            if cycle.number == number:
                raise CycleAlreadyStarted(cycle, by=by)
    upcoming = selectors.next_cycle(case=case, cycles=cycles)
    if not upcoming.allowed:
        raise CycleError(upcoming.refused_because)
    if number is not None and number != upcoming.number:
        raise CycleError(
            f"This page offered cycle {number}, but the next cycle is cycle {upcoming.number}. "
            "Check the cycles before you start one"
        )
    cycle = Cycle.objects.create(case=case, number=upcoming.number, started_by=by, updated_by=by)
    limit = upcoming.limit
    _record(
        cycle,
        by=by,
        action=Action.CYCLE_STARTED,
        note=f"started ({cycle.number} of {limit.cycles}"
        + (" with an extension)" if limit.extended else ")"),
    )
    return cycle


@transaction.atomic
def cycle_record_filming(
    *,
    cycle_id: int,
    by: User,
    filmed_on: date,
    setting: str,
    who_was_filmed: str,
    minutes: int,
    children_filmed: Iterable[str] = (rules.FOCUS_CHILD,),
    expected_version: int | None = None,
) -> Cycle:
    """Record the filming of a planned cycle, covered by the contract and consents.

    `children_filmed` are the keys of the children filmed (rules.FOCUS_CHILD for the child
    referred, a household child's id as text); each of 12 or over needs their own consent.
    """
    cycle = _lock_cycle(cycle_id, expected_version)
    check_can_become(cycle, Status.FILMED)
    _check(rules.check_not_future, filmed_on, today=timezone.localdate(), what="The date filmed")
    if not selectors.live_consents(case=cycle.case, kind=Consent.Kind.FILMING).exists():
        withdrawn = selectors.family_withdrawal(case=cycle.case, kind=Consent.Kind.FILMING)
        if withdrawn is not None:
            raise CycleError(
                f"The family withdrew their consent to filming on {rules.long_date(withdrawn)}. "
                "Do not film them. Talk with them, and record a new consent if they give one"
            )
        raise CycleError(
            "There is no live consent to film this family. "
            "Record it on the Consents tab before you record filming"
        )
    children = _children(cycle.case, children_filmed)
    _check_covered(cycle.case, filmed_on=filmed_on, children=children)
    cycle.filmed_on = filmed_on
    cycle.focus_child_filmed = any(child.key == rules.FOCUS_CHILD for child in children)
    cycle.setting = _required(setting, "Enter the setting or activity, like play or mealtime")
    cycle.who_was_filmed = _required(who_was_filmed, "Enter who was filmed")
    if not isinstance(minutes, int) or not 1 <= minutes <= 120:
        raise CycleError("Length in minutes must be a whole number from 1 to 120")
    cycle.minutes = minutes
    _full_clean(cycle, exclude=["case", "updated_by"])
    names = ", ".join(child.name for child in children)
    cycle.updated_by = by
    transition(
        cycle,
        to=Status.FILMED,
        by=by,
        action=Action.FILMING_RECORDED,
        note=f"filmed on {rules.long_date(filmed_on)}, {cycle.setting}, {minutes} minutes "
        f"({cycle.who_was_filmed}; children filmed: {names})",
        fields=["filmed_on", "setting", "who_was_filmed", "focus_child_filmed", "minutes"]
        + ["updated_by"],
    )
    cycle.household_children_filmed.set(
        [int(child.key) for child in children if child.key != rules.FOCUS_CHILD]
    )
    return cycle


def _children(case: Case, keys: Iterable[str]) -> list[rules.Child]:
    """The family's children with these keys; none, or one not of this family, is refused."""
    wanted = {str(key) for key in keys or ()}
    if not wanted:
        raise CycleError("Select the children who were filmed", field="children_filmed")
    children = selectors.filmable_children(case=case)
    if wanted - {child.key for child in children}:
        raise CycleError(
            "Select the children who were filmed from the list", field="children_filmed"
        )
    return [child for child in children if child.key in wanted]


@transaction.atomic
def cycle_correct_filming_date(
    *, cycle_id: int, by: User, filmed_on: date, expected_version: int | None = None
) -> Cycle:
    """Correct the date a cycle was filmed, until its shared review is held.

    The corrected date must still be covered by the contract and consents, and come before
    the clips were chosen or shown; the case's limit follows it (it counts from the first
    filming). The timeline records the old and the new date.
    """
    cycle = _lock_cycle(cycle_id, expected_version)
    n = cycle.number
    if cycle.status == Status.PLANNED:
        raise CycleError(f"Record the filming of cycle {n} before you correct its date")
    if cycle.status == Status.REVIEWED:
        raise CycleError(
            f"The shared review for cycle {n} has been held, so its date filmed can no longer "
            "be corrected"
        )
    previous = cycle.filmed_on
    if filmed_on == previous:
        raise CycleError(
            f"Cycle {n} is already recorded as filmed on {rules.long_date(previous)}. "
            "Enter the date it was really filmed",
            field="filmed_on",
        )
    _check(rules.check_not_future, filmed_on, today=timezone.localdate(), what="The date filmed")
    if cycle.edited_on and filmed_on > cycle.edited_on:
        raise CycleError(
            "The date filmed cannot be after the clips were chosen on "
            f"{rules.long_date(cycle.edited_on)}",
            field="filmed_on",
        )
    first_shown = cycle.showings.order_by("shown_on").values_list("shown_on", flat=True).first()
    if first_shown and filmed_on > first_shown:
        raise CycleError(
            "The date filmed cannot be after the clips were shown on "
            f"{rules.long_date(first_shown)}",
            field="filmed_on",
        )
    children = selectors.children_filmed(
        cycle=cycle, children=selectors.filmable_children(case=cycle.case)
    )
    _check_covered(cycle.case, filmed_on=filmed_on, children=children)
    cycle.filmed_on = filmed_on
    _save(cycle, by=by, fields=["filmed_on"])
    _record(
        cycle,
        by=by,
        action=Action.FILMING_DATE_CORRECTED,
        note=f"date filmed corrected from {rules.long_date(previous)} to "
        f"{rules.long_date(filmed_on)}",
    )
    return cycle

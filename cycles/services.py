"""Writes for cycles. Each locks the case, checks the cycle's version and writes a case event."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseSettings, Consent
from cases.rules import CLOSED_MESSAGE
from cycles import rules, selectors
from cycles.errors import CycleError
from cycles.errors import StaleCycle as StaleCycle  # caught by the views
from cycles.models import Clip, ClipShowing, Cycle, Rating, SharedReview, Supervision
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.transitions import check_can_become, check_version, lock, transition

Status = Cycle.Status
Action = CaseEvent.Action


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


def _attending(case: Case, consent_ids, held_on: date) -> list[Consent]:
    """The professionals' consents, each this case's, to attend reviews and live that day."""
    ids = list(dict.fromkeys(consent_ids or []))
    consents = case.consents.in_bulk(ids)
    if len(consents) != len(ids):
        raise CycleError("Select the professionals who attended from the list")
    for consent in consents.values():
        if consent.kind != Consent.Kind.PROFESSIONAL_ATTENDS or not consent.is_live:
            raise CycleError(f"{_who(consent)} has no live consent to attend shared reviews")
        if consent.given_on > held_on:
            raise CycleError(
                f"{_who(consent)} gave consent to attend shared reviews on "
                f"{rules.long_date(consent.given_on)}, after this review"
            )
    return [consents[pk] for pk in ids]


@transaction.atomic
def shared_review_record(
    *,
    cycle_id: int,
    by: User,
    held_on: date,
    attendees: str,
    professional_consent_ids: list[int],
    ratings: dict[int, int],
    parent_reflections: str = "",
    guider_reflections: str = "",
    next_steps: str = "",
    expected_version: int | None = None,
) -> SharedReview:
    """Record the shared review of an edited cycle, with a rating for every helping question."""
    cycle = _lock_cycle(cycle_id, expected_version)
    check_can_become(cycle, Status.REVIEWED)
    _check(
        rules.check_review_date,
        held_on=held_on,
        filmed_on=cycle.filmed_on,
        today=timezone.localdate(),
        field="held_on",
    )
    if cycle.edited_on and held_on < cycle.edited_on:
        raise CycleError(
            "The shared review cannot be before the clips were chosen on "
            f"{rules.long_date(cycle.edited_on)}",
            field="held_on",
        )
    attendees = _required(attendees, "Enter who attended the shared review")
    professionals = _attending(cycle.case, professional_consent_ids, held_on)

    questions = list(cycle.case.helping_questions.order_by("set_on", "pk"))
    if not questions:
        raise CycleError(
            "Set a helping question on the Helping questions tab before the shared review"
        )
    ratings = dict(ratings or {})
    if set(ratings) - {question.pk for question in questions}:
        raise CycleError("Rate only this family's helping questions")
    values = {}
    for question in questions:
        if question.pk not in ratings or ratings[question.pk] in (None, ""):
            raise CycleError(f"Enter a rating for “{question.wording}”")
        values[question.pk] = _check(rules.parse_rating, ratings[question.pk])

    review = SharedReview(
        cycle=cycle,
        held_on=held_on,
        attendees=attendees,
        parent_reflections=(parent_reflections or "").strip(),
        guider_reflections=(guider_reflections or "").strip(),
        next_steps=(next_steps or "").strip(),
    )
    _full_clean(review)
    review.save()
    review.professional_consents.set(professionals)
    Rating.objects.bulk_create(
        Rating(
            question=question,
            kind=Rating.Kind.REVIEW,
            review=review,
            value=values[question.pk],
            rated_on=held_on,
        )
        for question in questions
    )
    attended = attendees + (
        f"; professionals: {', '.join(_who(c) for c in professionals)}" if professionals else ""
    )
    scores = ", ".join(f"{values[q.pk]}/10 for “{q.wording}”" for q in questions)
    cycle.updated_by = by
    transition(
        cycle,
        to=Status.REVIEWED,
        by=by,
        action=Action.REVIEW_HELD,
        note=f"shared review on {rules.long_date(held_on)}. Attended: {attended}. "
        f"Ratings: {scores}",
        fields=["updated_by"],
    )
    return review


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

"""Writes for cases. Each change locks the case and writes its event row in one transaction."""

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cases import rules, selectors
from cases.cycle_facts import cycle_facts
from cases.errors import CaseError
from cases.models import (
    Case,
    CaseEvent,
    CaseExtension,
    CaseSettings,
    ClosureReason,
    Consent,
    Contact,
    ExtensionRequest,
    GuiderCapacity,
    HelpingQuestion,
    TrajectHeading,
    TrajectRevision,
)
from referrals.models import HouseholdChild
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.email import send_after_commit
from vig_service.core.services import (
    settings_section_update,
)
from vig_service.core.transitions import check_version, lock, transition

Status = Case.Status
Action = CaseEvent.Action
CLOSED_MESSAGE = rules.CLOSED_MESSAGE


def _check_can_guide(user: User, *, as_: str) -> None:
    """Refuse anyone who cannot take a case on: not a guider, or deactivated."""
    if not user.has_role(Role.GUIDER):
        raise CaseError(f"Choose a {as_}: {user} is not a guider")
    if not user.is_active:
        raise CaseError(f"{user}'s account is deactivated; choose another {as_}")


@transaction.atomic
def case_open(*, referral, guider: User, co_worker: User | None = None, by: User) -> Case:
    """Open the case for a referral being allocated, with its guider and optional co-worker.

    Called inside the referral's allocation, which has locked the referral and checked its
    status; the one-to-one on Case.referral refuses a second case whatever happens.
    """
    _check_can_guide(guider, as_="guider")
    if co_worker is not None:
        if co_worker.pk == guider.pk:
            raise CaseError("The co-worker must be someone other than the guider")
        _check_can_guide(co_worker, as_="co-worker")
    case = Case.objects.create(
        referral=referral, guider=guider, co_worker=co_worker, status=Status.ALLOCATED
    )
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.OPENED,
        to_status=Status.ALLOCATED,
        note=f"Allocated to {guider}" + (f" with {co_worker} as co-worker" if co_worker else ""),
    )
    return case


@transaction.atomic
def case_reassign(
    *, case_id: int, guider: User, by: User, reason: str, expected_version: int | None = None
) -> Case:
    """Give a case to another guider, with the reason recorded on its timeline."""
    # Lock only the case row, not the users joined in for their names.
    case = lock(
        Case.objects.select_for_update(of=("self",)).select_related("guider", "co_worker"),
        pk=case_id,
    )
    check_version(case, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise CaseError("Enter the reason for reassigning the case")
    if case.status == Status.CLOSED:
        raise CaseError("This case is closed and can no longer be reassigned")
    if guider.pk == case.guider_id:
        raise CaseError(f"{guider} is already the guider")
    _check_can_guide(guider, as_="guider")

    previous = case.guider
    case.guider = guider
    # The co-worker taking over as guider cannot also be their own co-worker.
    if case.co_worker_id == guider.pk:
        case.co_worker = None
    case.version += 1
    case.save(update_fields=["guider", "co_worker", "version", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        actor=by,
        action=Action.REASSIGNED,
        note=f"From {previous} to {guider}: {reason}",
    )
    return case


def case_settings_update(
    *, loaded_at: str, changes: dict, overrides: dict[int, int | None], by: User
) -> CaseSettings:
    """Save the case settings and each guider's own capacity (None removes it).

    Refuses a form loaded before the last save. Guiders missing from `overrides` keep theirs.
    """

    def save_capacities(settings: CaseSettings) -> list[str]:
        changed = []
        guiders = User.objects.in_bulk(list(overrides))
        current = {c.guider_id: c for c in GuiderCapacity.objects.filter(guider_id__in=overrides)}
        for guider_id, capacity in overrides.items():
            existing = current.get(guider_id)
            if capacity is None:
                if existing is None:
                    continue
                existing.delete()
            elif existing is None:
                added = GuiderCapacity(guider=guiders[guider_id], capacity=capacity)
                added.full_clean()
                added.save()
            elif existing.capacity != capacity:
                existing.capacity = capacity
                existing.full_clean()
                existing.save(update_fields=["capacity"])
            else:
                continue
            changed.append(f"Capacity for {guiders[guider_id]}")
        return changed

    return settings_section_update(
        CaseSettings.load(), loaded_at=loaded_at, changes=changes, by=by, rows=save_capacities
    )


class StaleTrajectHeading(CaseError):
    """Someone saved the traject plan heading after this form was loaded."""

    def __init__(self, revision: TrajectRevision | None):
        who = revision.saved_by if revision else "someone else"
        when = f" at {timezone.localtime(revision.saved_at):%H:%M}" if revision else ""
        super().__init__(
            f"This heading was changed by {who}{when}. Review it before you continue."
        )
        self.revision = revision


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _lock_open(case_id: int) -> Case:
    """Lock the case row; a closed case is read-only."""
    case = lock(Case.objects, pk=case_id)
    if case.status == Status.CLOSED:
        raise CaseError(CLOSED_MESSAGE)
    return case


def _not_future(day: date, *, what: str) -> None:
    if day > timezone.localdate():
        raise CaseError(f"{what} must be today or in the past")


def _text(value: str, *, required: str = "", max_length: int, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CaseError(required)
    if len(value) > max_length:
        raise CaseError(f"{label} must be {max_length} characters or fewer")
    return value


def _record(case: Case, *, by: User, action: str, note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=by, action=action, note=note)


@transaction.atomic
def contact_record(
    *, case_id: int, by: User, happened_on: date, kind: str, attendees: str, notes: str = ""
) -> Contact:
    """Log a contact with the family; the first one moves an allocated case to contracting."""
    case = _lock_open(case_id)
    if kind not in Contact.Kind.values:
        raise CaseError("Select the type of contact")
    _not_future(happened_on, what="The date of the contact")
    contact = Contact.objects.create(
        case=case,
        happened_on=happened_on,
        kind=kind,
        attendees=_text(
            attendees, required="Enter who attended", max_length=300, label="Who attended"
        ),
        notes=_text(notes, max_length=4000, label="Notes"),
        recorded_by=by,
    )
    _record(
        case,
        by=by,
        action=Action.CONTACT_RECORDED,
        note=f"{contact.get_kind_display()} on {_long_date(happened_on)} with {contact.attendees}",
    )
    if case.status == Status.ALLOCATED:
        transition(case, to=Status.CONTRACTING, by=by, action=Action.CONTRACTING_STARTED)
    return contact


@transaction.atomic
def case_record_contract(*, case_id: int, by: User, agreed_on: date) -> Case:
    """Record (or correct) the date the written contract was agreed with the family."""
    case = _lock_open(case_id)
    _not_future(agreed_on, what="The date the contract was agreed")
    previous = case.contract_agreed_on
    if previous == agreed_on:
        return case
    # Filming is covered only from the contract on: a correction cannot
    # leave a recorded filming before it.
    first_filmed_on = cycle_facts().first_filmed_on(case.pk)
    if first_filmed_on is not None and agreed_on > first_filmed_on:
        raise CaseError(
            "The date the contract was agreed must be on or before the first filming on "
            f"{_long_date(first_filmed_on)}"
        )
    case.contract_agreed_on = agreed_on
    case.save(update_fields=["contract_agreed_on", "updated_at"])
    note = f"Agreed on {_long_date(agreed_on)}"
    if previous:
        note += f" (was {_long_date(previous)})"
    _record(case, by=by, action=Action.CONTRACT_RECORDED, note=note)
    return case


@transaction.atomic
def consent_record(
    *,
    case_id: int,
    by: User,
    kind: str,
    given_by: str,
    given_on: date,
    child: str = "",
    named_person: str = "",
) -> Consent:
    """Record a consent; the two sharing kinds name the person they allow.

    `child` says which child gave it (rules.FOCUS_CHILD, or a household child's id), so
    filming can check the own consent of each child of 12 or over; blank or "adult" for an
    adult.
    """
    case = _lock_open(case_id)
    focus_child, household_child = _consenting_child(case, child)
    if kind not in Consent.Kind.values:
        raise CaseError("Select what the consent is for")
    named_person = _text(named_person, max_length=150, label="The named person")
    if kind == Consent.Kind.FILMING:
        named_person = ""
    elif not named_person:
        raise CaseError("Enter the name of the professional or person the consent is for")
    _not_future(given_on, what="The date the consent was given")
    consent = Consent.objects.create(
        case=case,
        kind=kind,
        given_by=_text(
            given_by, required="Enter who gave the consent", max_length=150, label="Given by"
        ),
        given_by_child=focus_child or household_child is not None,
        focus_child=focus_child,
        household_child=household_child,
        named_person=named_person,
        given_on=given_on,
        recorded_by=by,
    )
    _record(
        case,
        by=by,
        action=Action.CONSENT_RECORDED,
        note=f"{consent}, on {_long_date(given_on)}",
    )
    return consent


def _consenting_child(case: Case, child: str) -> tuple[bool, HouseholdChild | None]:
    """Whether the child referred gave the consent, or which household child did."""
    child = (child or "").strip()
    if child in ("", "adult"):
        return False, None
    if child == rules.FOCUS_CHILD:
        return True, None
    household = next(
        (kid for kid in case.referral.household_children.all() if str(kid.pk) == child), None
    )
    if household is None:
        raise CaseError("Select who gave the consent from the list")
    return False, household


@transaction.atomic
def consent_withdraw(*, consent_id: int, by: User, withdrawn_on: date) -> Consent:
    """Record that a consent was withdrawn; it stops allowing anything at once."""
    case_id = Consent.objects.values_list("case_id", flat=True).get(pk=consent_id)
    case = _lock_open(case_id)
    consent = Consent.objects.select_for_update().get(pk=consent_id)
    if consent.withdrawn_on is not None:
        raise CaseError(
            f"This consent was already withdrawn on {_long_date(consent.withdrawn_on)}"
        )
    _not_future(withdrawn_on, what="The date the consent was withdrawn")
    if withdrawn_on < consent.given_on:
        raise CaseError(
            "The date the consent was withdrawn must be on or after the date it was given "
            f"({_long_date(consent.given_on)})"
        )
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    _record(
        case,
        by=by,
        action=Action.CONSENT_WITHDRAWN,
        note=f"{consent}, withdrawn on {_long_date(withdrawn_on)}",
    )
    return consent


def _check_rating(value) -> int:
    if not rules.is_valid_rating(value):
        raise CaseError(rules.RATING_MESSAGE)
    return value


@transaction.atomic
def helping_question_set(
    *, case_id: int, by: User, owner: str, wording: str, set_on: date, baseline: int
) -> HelpingQuestion:
    """Set a helping question with its baseline rating from 0 to 10."""
    case = _lock_open(case_id)
    if owner not in HelpingQuestion.Owner.values:
        raise CaseError("Select whose question it is")
    _not_future(set_on, what="The date the question was set")
    _check_rating(baseline)
    question = HelpingQuestion.objects.create(
        case=case,
        owner=owner,
        wording=_text(
            wording, required="Enter the helping question", max_length=300, label="The question"
        ),
        set_on=set_on,
    )
    cycle_facts().rate_baseline(question, baseline, set_on)
    _record(
        case,
        by=by,
        action=Action.QUESTION_SET,
        note=f"“{question.wording}” ({question.get_owner_display()}), baseline {baseline}",
    )
    return question


@transaction.atomic
def traject_plan_start(*, case_id: int, by: User) -> None:
    """Give the case the service's default traject plan headings, the first time only."""
    if TrajectHeading.objects.filter(case_id=case_id).exists():
        return  # the usual case, without taking the lock
    case = Case.objects.select_for_update().get(pk=case_id)
    # Checked again under the lock: two first visits at once must not both add headings.
    if case.status == Status.CLOSED or case.traject_headings.exists():
        return
    titles = CaseSettings.load().traject_headings
    TrajectHeading.objects.bulk_create(
        TrajectHeading(case=case, title=title, position=position)
        for position, title in enumerate(titles, start=1)
    )
    _record(case, by=by, action=Action.TRAJECT_STARTED, note=", ".join(titles))


def _heading_title(case: Case, title: str, *, heading_id: int | None = None) -> str:
    title = _text(title, required="Enter the heading", max_length=80, label="The heading")
    others = case.traject_headings.exclude(pk=heading_id)
    if others.filter(title__iexact=title).exists():
        raise CaseError(f"The traject plan already has a heading called “{title}”")
    return title


@transaction.atomic
def traject_heading_add(*, case_id: int, by: User, title: str) -> TrajectHeading:
    """Add a heading of the family's own to the traject plan, after the others."""
    case = _lock_open(case_id)
    title = _heading_title(case, title)
    last = case.traject_headings.aggregate(last=Max("position"))["last"] or 0
    heading = TrajectHeading.objects.create(case=case, title=title, position=last + 1)
    _record(case, by=by, action=Action.TRAJECT_HEADING_ADDED, note=title)
    return heading


@transaction.atomic
def traject_heading_save(
    *,
    heading_id: int,
    by: User,
    title: str,
    changes_made: str,
    changes_hoped_for: str,
    loaded_revision: int,
) -> TrajectRevision:
    """Save a heading as its next revision, refusing a form loaded before someone else's save.

    `loaded_revision` is the revision number the form showed (0 before the first save).
    """
    case_id = TrajectHeading.objects.values_list("case_id", flat=True).get(pk=heading_id)
    case = _lock_open(case_id)
    heading = TrajectHeading.objects.select_for_update().get(pk=heading_id)
    latest = heading.revisions.select_related("saved_by").order_by("-number").first()
    current = latest.number if latest else 0
    if current != loaded_revision:
        raise StaleTrajectHeading(latest)
    title = _heading_title(case, title, heading_id=heading.pk)
    revision = TrajectRevision.objects.create(
        heading=heading,
        number=current + 1,
        title=title,
        changes_made=_text(changes_made, max_length=4000, label="Changes made"),
        changes_hoped_for=_text(changes_hoped_for, max_length=4000, label="Changes hoped for"),
        saved_by=by,
    )
    note = f"{title}: revision {revision.number}"
    if heading.title != title:
        note += f" (renamed from {heading.title})"
        heading.title = title
        heading.save(update_fields=["title"])
    _record(case, by=by, action=Action.TRAJECT_SAVED, note=note)
    return revision


@transaction.atomic
def case_start_intervention(
    *, case_id: int, by: User, expected_version: int | None = None
) -> Case:
    """Move a contracting case to active, once its contract and filming consent are recorded."""
    case = _lock_open(case_id)
    check_version(case, expected_version)
    if case.status == Status.CONTRACTING:
        missing = []
        if case.contract_agreed_on is None:
            missing.append("the date the written contract was agreed")
        if not case.consents.filter(kind=Consent.Kind.FILMING, withdrawn_on__isnull=True).exists():
            missing.append("a consent to be filmed")
        if missing:
            raise CaseError(f"Before you start the intervention, record {' and '.join(missing)}")
    transition(case, to=Status.ACTIVE, by=by, action=Action.INTERVENTION_STARTED)
    return case


@transaction.atomic
def case_close(
    *,
    case_id: int,
    by: User,
    closed_on: date,
    reason: str,
    outcome_summary: str,
    final_ratings: dict[int, int],
    expected_version: int | None = None,
) -> Case:
    """Close an open case with its date, reason, outcome and a final rating for each question."""
    case = _lock_open(case_id)
    check_version(case, expected_version)
    _not_future(closed_on, what="The date the case closed")
    if closed_on < case.opened_on:
        raise CaseError(
            "The date the case closed must be on or after the date it opened "
            f"({_long_date(case.opened_on)})"
        )
    if reason not in ClosureReason.values:
        raise CaseError("Select why the case is closing")
    outcome_summary = _text(
        outcome_summary,
        required="Enter a summary of the outcome",
        max_length=4000,
        label="The outcome summary",
    )
    ratings = []
    for question in case.helping_questions.all():
        value = final_ratings.get(question.pk)
        if value is None:
            raise CaseError(f"Enter a final rating for “{question.wording}”")
        ratings.append((question, _check_rating(value)))
    cycle_facts().rate_closure(ratings, closed_on)
    case.closed_on = closed_on
    case.closure_reason = reason
    case.outcome_summary = outcome_summary
    transition(
        case,
        to=Status.CLOSED,
        by=by,
        action=Action.CLOSED,
        note=f"{ClosureReason(reason).label} on {_long_date(closed_on)}. {outcome_summary}",
        fields=["closed_on", "closure_reason", "outcome_summary"],
    )
    return case


@transaction.atomic
def case_record_footage(
    *, case_id: int, by: User, location: str, deleted_on: date | None = None
) -> Case:
    """Record where the family's footage is kept and, once closed, the date it was deleted.

    Allowed on a closed case: deleting the footage is the one thing left to do then.
    A `deleted_on` of None leaves any date already recorded as it is.
    """
    case = lock(Case.objects, pk=case_id)
    location = _text(location, max_length=200, label="Where the footage is kept")
    changed = []
    if location != case.footage_location:
        case.footage_location = location
        changed.append("footage_location")
        _record(
            case,
            by=by,
            action=Action.FOOTAGE_RECORDED,
            note=f"Kept: {location}" if location else "Where it is kept was removed",
        )
    if deleted_on is not None and deleted_on != case.footage_deleted_on:
        if case.status != Status.CLOSED:
            raise CaseError("Record the date the footage was deleted once the case is closed")
        _not_future(deleted_on, what="The date the footage was deleted")
        if deleted_on < case.closed_on:
            raise CaseError(
                "The date the footage was deleted must be on or after the date the case "
                f"closed ({_long_date(case.closed_on)})"
            )
        case.footage_deleted_on = deleted_on
        changed.append("footage_deleted_on")
        _record(
            case, by=by, action=Action.FOOTAGE_DELETED, note=f"Deleted on {_long_date(deleted_on)}"
        )
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    return case


def _tell_guiders(case: Case, *, template: str, site_url: str, context: dict) -> None:
    """E-mail the guider and co-worker a link and the reference, never the child's details."""
    url = site_url.rstrip("/") + reverse("cases:overview", args=[case.pk])
    to = [case.guider.email] + ([case.co_worker.email] if case.co_worker else [])
    send_after_commit(
        template=template, to=to, context={"reference": str(case), "url": url, **context}
    )


def _lock_case_for_extension(case_id: int) -> Case:
    # The guider and co-worker are read for the e-mail; only the case row is locked.
    case = lock(
        Case.objects.select_for_update(of=("self",)).select_related(
            "referral", "guider", "co_worker"
        ),
        pk=case_id,
    )
    if case.status == Status.CLOSED:
        raise CaseError(CLOSED_MESSAGE)
    return case


def _waiting_request(case: Case) -> ExtensionRequest | None:
    # One request at most is waiting (a database constraint).
    try:
        return lock(case.extension_requests.filter(status=ExtensionRequest.Status.WAITING))
    except ExtensionRequest.DoesNotExist:
        return None


@transaction.atomic
def extension_request_make(*, case_id: int, by: User, reason: str) -> ExtensionRequest:
    """The guider, co-worker or a coordinator asks a manager to extend a case near its limit."""
    case = _lock_case_for_extension(case_id)
    if not Case.objects.worked_on_by(by).filter(pk=case.pk).exists():
        raise CaseError("Only the case's guider, co-worker or a coordinator can ask for this")
    waiting = _waiting_request(case)
    if waiting is not None:
        when = timezone.localtime(waiting.requested_at)
        raise CaseError(
            f"{waiting.requested_by} already asked for an extension on "
            f"{_long_date(when.date())} at {when:%H:%M}; it is waiting for a manager's decision."
        )
    if not Case.objects.near_limit().filter(pk=case.pk).exists():
        raise CaseError(
            f"You can ask for an extension once the case is within "
            f"{rules.LIMIT_WARNING_DAYS // 7} weeks of its limit or has reached it."
        )
    request = ExtensionRequest.objects.create(
        case=case,
        requested_by=by,
        reason=_text(
            reason,
            required="Enter why the case needs an extension",
            max_length=2000,
            label="The reason",
        ),
    )
    _record(case, by=by, action=Action.EXTENSION_REQUESTED, note=request.reason)
    return request


def _decide(request: ExtensionRequest, *, to: str, by: User, reason: str, action: str, note: str):
    """Grant or refuse the waiting request, with its line on the case's timeline."""
    request.decided_by, request.decided_at = by, timezone.now()
    request.decision_reason = reason
    fields = ["decided_by", "decided_at", "decision_reason", "extension"]
    transition(request, to=to, by=by, action=action, note=note, fields=fields)


def _request_for_decision(case: Case, request_id: int | None) -> ExtensionRequest | None:
    """The waiting request the manager's page was showing, refusing a page now out of date."""
    waiting = _waiting_request(case)
    if request_id is None:
        if waiting is not None:
            raise CaseError(
                f"{waiting.requested_by} has asked for an extension since you opened this page. "
                "Read their reason before you decide."
            )
        return None
    if waiting is None or waiting.pk != request_id:
        shown = (
            ExtensionRequest.objects.select_related("decided_by")
            .filter(case=case, pk=request_id)
            .first()
        )
        if shown is not None and shown.status != ExtensionRequest.Status.WAITING:
            raise CaseError(shown.decided_message())
        raise CaseError("This extension request is no longer waiting for a decision.")
    return waiting


@transaction.atomic
def case_extend(
    *,
    case_id: int,
    by: User,
    reason: str,
    cycle_limit: int,
    ends_on: date,
    request_id: int | None = None,
    site_url: str = "",
) -> CaseExtension:
    """A manager lets a case go beyond its limit: more cycles, a new end date and why.

    `request_id` is the waiting extension request the page showed, which this grants; the
    guider and co-worker are then told by e-mail.
    """
    if not by.has_role(Role.MANAGER):
        raise CaseError("Only a manager can extend a case's limit")
    case = _lock_case_for_extension(case_id)
    request = _request_for_decision(case, request_id)
    current = selectors.limit_for(case=case)
    if cycle_limit <= current.cycles:
        raise CaseError(
            f"The new cycle limit must be more than the current limit of {current.cycles}"
        )
    if ends_on < timezone.localdate():
        raise CaseError("The new end date must be today or in the future")
    extension = CaseExtension.objects.create(
        case=case,
        cycle_limit=cycle_limit,
        ends_on=ends_on,
        reason=_text(
            reason,
            required="Enter the reason for the extension",
            max_length=2000,
            label="The reason",
        ),
        granted_by=by,
    )
    note = f"To {cycle_limit} cycles and {_long_date(ends_on)}: {extension.reason}"
    if request is None:
        _record(case, by=by, action=Action.EXTENDED, note=note)
    else:
        request.extension = extension
        _decide(
            request,
            to=ExtensionRequest.Status.GRANTED,
            by=by,
            reason=extension.reason,
            action=Action.EXTENDED,
            note=note,
        )
        _tell_guiders(
            case,
            template="cases/email/extension_decided",
            site_url=site_url,
            context={"decision": "granted"},
        )
    return extension


@transaction.atomic
def extension_request_refuse(
    *, case_id: int, request_id: int, by: User, reason: str, site_url: str
) -> ExtensionRequest:
    """A manager refuses a waiting extension request, saying why; the guiders are e-mailed."""
    if not by.has_role(Role.MANAGER):
        raise CaseError("Only a manager can refuse an extension")
    case = _lock_case_for_extension(case_id)
    request = _request_for_decision(case, request_id)
    reason = _text(
        reason,
        required="Enter why the extension is refused",
        max_length=2000,
        label="The reason",
    )
    _decide(
        request,
        to=ExtensionRequest.Status.REFUSED,
        by=by,
        reason=reason,
        action=Action.EXTENSION_REFUSED,
        note=reason,
    )
    _tell_guiders(
        case,
        template="cases/email/extension_decided",
        site_url=site_url,
        context={"decision": "refused"},
    )
    return request

"""Writes for limits: extension requests, granting an extension and refusing one."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases import rules, selectors
from cases.errors import CaseError
from cases.models import Case, CaseExtension, ExtensionRequest
from cases.services._common import (
    CLOSED_MESSAGE,
    Action,
    Status,
    _long_date,
    _record,
    _tell_guiders,
    _text,
)
from vig_service.accounts.models import User
from vig_service.accounts.roles import Role
from vig_service.core.transitions import lock, transition


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

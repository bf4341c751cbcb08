"""What the case writes share: the closed-case lock, text and date checks, the event row."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.errors import CaseError
from cases.models import Case, CaseEvent
from vig_service.accounts.models import User
from vig_service.core.email import send_after_commit
from vig_service.core.errors import RuleBroken
from vig_service.core.rules import check_not_future
from vig_service.core.transitions import lock

Status = Case.Status
Action = CaseEvent.Action
CLOSED_MESSAGE = rules.CLOSED_MESSAGE


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _lock_open(case_id: int) -> Case:
    """Lock the case row; a closed case is read-only."""
    case = lock(Case.objects, pk=case_id)
    if case.status == Status.CLOSED:
        raise CaseError(CLOSED_MESSAGE)
    return case


def _not_future(day: date, *, what: str) -> None:
    """The shared rule (core/rules.py), refused as a CaseError."""
    try:
        check_not_future(day, today=timezone.localdate(), what=what)
    except RuleBroken as broken:
        raise CaseError(broken.message) from broken


def _text(value: str, *, required: str = "", max_length: int, label: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CaseError(required)
    if len(value) > max_length:
        raise CaseError(f"{label} must be {max_length} characters or fewer")
    return value


def _record(case: Case, *, by: User, action: str, note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, actor=by, action=action, note=note)


def _check_rating(value) -> int:
    if not rules.is_valid_rating(value):
        raise CaseError(rules.RATING_MESSAGE)
    return value


def _tell_guiders(
    case: Case, *, template: str, site_url: str, context: dict, people: list | None = None
) -> None:
    """E-mail the guider and co-worker (or `people`) a link and the reference, never details."""
    url = site_url.rstrip("/") + reverse("cases:overview", args=[case.pk])
    people = [case.guider, case.co_worker] if people is None else people
    send_after_commit(
        template=template,
        to=[person.email for person in people if person is not None],
        context={"reference": str(case), "url": url, **context},
    )

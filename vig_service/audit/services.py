"""Writes for the audit: access rows, the unusual-viewing alert, and the audit settings."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from cases.models import Case
from cycles.models import Cycle
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.audit.models import (
    AccessAlert,
    AccessDenial,
    AccessEvent,
    AuditSettings,
    DenialAlert,
    RecordKind,
)
from vig_service.core.client_address import client_address
from vig_service.core.compiled import CompiledQuery
from vig_service.core.email import send_after_commit
from vig_service.core.models import ServiceConfiguration

ALERT_WINDOW = timedelta(hours=1)


def _child_query(model, *columns) -> CompiledQuery:
    return CompiledQuery(
        model,
        lambda record_id: model.objects.filter(pk=record_id).values_list(*columns),
        scalars=["record_id"],
    )


# Read on every record page and every refusal: compiled once (docs/architecture.md, "The floor").
CHILD_OF = {
    RecordKind.REFERRAL: _child_query(Referral, "pk", "reference"),
    RecordKind.CASE: _child_query(Case, "referral_id", "referral__reference"),
    RecordKind.CYCLE: _child_query(Cycle, "case__referral_id", "case__referral__reference"),
}


def _children_viewed(*, user_id, since):
    # Grouped by the one person, so the count is the row's (none when they viewed nothing).
    return (
        AccessEvent.objects.filter(
            user_id=user_id, occurred_at__gt=since, referral_id__isnull=False
        )
        .values("user_id")
        .annotate(children=Count("referral_id", distinct=True))
        .values_list("children")
    )


# Counted after every record page's access row: compiled once, as CHILD_OF.
CHILDREN_VIEWED = CompiledQuery(
    AccessEvent, _children_viewed, scalars=["user_id"], moments=["since"]
)
# A guessed address can carry any number; no row's id is past the bigint range.
LARGEST_ID = 2**63 - 1


def _in_range(record_id: int | None) -> int | None:
    """The id, or None for one no row can have (its path still says what was tried)."""
    return record_id if record_id is not None and 0 <= record_id <= LARGEST_ID else None


def _child_of(*, record_kind: str, record_id: int | None) -> tuple[int | None, str]:
    """The referral id and reference of the child a record is about, in one query."""
    query = CHILD_OF.get(record_kind)
    if query is None or record_id is None:
        return None, ""
    rows = query.rows(record_id=record_id)
    return (rows[0][0], rows[0][1] or "") if rows else (None, "")


def _look_up_row(model, *, request, record_kind: str, record_id: int | None, user=None, **fields):
    """Write one look-up row (a view or a refusal) for the user (the signed-in one) and child."""
    user = user or request.user
    record_id = _in_range(record_id)
    referral_id, reference = _child_of(record_kind=record_kind, record_id=record_id)
    return model.objects.create(
        user=user,
        roles=", ".join(sorted(user.roles)),
        record_kind=record_kind,
        record_id=record_id,
        referral_id=referral_id,
        child_reference=reference,
        path=request.get_full_path()[:500],
        ip_address=client_address(request),
        **fields,
    )


def access_record(
    *, request, record_kind: str, record_id: int | None, action: str, user=None
) -> AccessEvent:
    """Write one access row for `user` (the signed-in one), then check for unusual viewing."""
    event = _look_up_row(
        AccessEvent,
        request=request,
        record_kind=record_kind,
        record_id=record_id,
        action=action,
        user=user,
    )
    if event.referral_id is not None:
        access_alert_check(user=event.user, now=event.occurred_at)
    return event


def access_alert_check(*, user, now) -> AccessAlert | None:
    """Raise an alert, once an hour at most per person, past the children-viewed threshold."""
    # Read outside a transaction, so the settings come from memory (core/settings_cache.py)
    # and a record page opens no transaction of its own; only raising an alert takes a lock.
    threshold = AuditSettings.load().alert_threshold
    since = now - ALERT_WINDOW
    children = CHILDREN_VIEWED.value(0, user_id=user.pk, since=since)
    if children <= threshold:
        return None
    return _alert_once(
        AccessAlert,
        user=user,
        now=now,
        email="audit/email/access_alert",
        page="audit:events",
        children_viewed=children,
        threshold=threshold,
    )


@transaction.atomic
def _alert_once(model, *, user, now, email: str, page: str, **fields):
    """Raise an alert of this kind unless one was raised for the person in the last hour.

    The service contact is e-mailed after commit with a link to the Audit page it concerns.
    """
    # Lock the user's row so two requests at once cannot both raise the alert.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if model.objects.filter(user=user, raised_at__gt=now - ALERT_WINDOW).exists():
        return None
    alert = model.objects.create(user=user, raised_at=now, **fields)
    send_after_commit(
        template=email,
        to=[ServiceConfiguration.load().contact_email],
        context={"alert": alert, "person": user, "audit_path": reverse(page)},
    )
    return alert


def access_denial_record(
    *, request, record_kind: str, record_id: int | None, status: int
) -> AccessDenial:
    """Write one refused look-up for the signed-in user, then check for repeated refusals."""
    denial = _look_up_row(
        AccessDenial, request=request, record_kind=record_kind, record_id=record_id, status=status
    )
    denial_alert_check(user=request.user, now=denial.occurred_at)
    return denial


def denial_alert_check(*, user, now) -> DenialAlert | None:
    """Raise an alert, once an hour at most per person, when refusals reach the threshold."""
    threshold = AuditSettings.load().denial_alert_threshold
    since = now - ALERT_WINDOW
    denials = AccessDenial.objects.filter(user=user, occurred_at__gt=since).count()
    if denials < threshold:
        return None
    return _alert_once(
        DenialAlert,
        user=user,
        now=now,
        email="audit/email/denial_alert",
        page="audit:denials",
        denials=denials,
        threshold=threshold,
    )

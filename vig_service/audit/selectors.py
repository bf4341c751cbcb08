"""Reads for the Audit pages: access search, alerts, and a child's change history."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.audit.models import (
    AccessAlert,
    AccessDenial,
    AccessEvent,
    CaseHistory,
    ConsentHistory,
    CycleHistory,
    DenialAlert,
    ReferralHistory,
)

# Bookkeeping columns that change on every save and say nothing to a reader.
HIDDEN_FIELDS = {"id", "updated_at", "version", "created_at"}


def _shown_to(rows, user):
    # A restricted child's rows are for the named staff alone (docs/architecture.md,
    # "Restricted records"): an administrator not named finds none of them.
    return rows.exclude(referral_id__in=Referral.objects.restricted_from(user).values("pk"))


def access_events(*, user) -> QuerySet[AccessEvent]:
    """Access rows, newest first, with who opened each (AccessFilterSet narrows them)."""
    rows = AccessEvent.objects.select_related("user").order_by("-occurred_at", "-pk")
    return _shown_to(rows, user)


def access_denials(*, user) -> QuerySet[AccessDenial]:
    """Refused look-ups, newest first, with who was refused (AccessFilterSet narrows them)."""
    rows = AccessDenial.objects.select_related("user").order_by("-occurred_at", "-pk")
    return _shown_to(rows, user)


def referral_for_reference(reference: str, *, user) -> Referral | None:
    """The referral with this reference, whatever its case; None if there is none (or if a
    restriction keeps it from the user)."""
    referrals = Referral.objects.not_restricted_from(user)
    return referrals.filter(reference__iexact=reference.strip()).first()


def referral_for_changes(*, user, pk: int) -> Referral:
    """A referral for its change history (administrators); 404 if a restriction keeps it."""
    referrals = Referral.objects.not_restricted_from(user).exclude(reference=None)
    return get_object_or_404(referrals, pk=pk)


def recent_alerts(*, limit: int = 10) -> list[AccessAlert]:
    """The latest unusual-viewing alerts, with who raised them."""
    return list(AccessAlert.objects.select_related("user").order_by("-raised_at", "-pk")[:limit])


def recent_denial_alerts(*, limit: int = 10) -> list[DenialAlert]:
    """The latest repeated-refusal alerts, with whom they are about."""
    return list(DenialAlert.objects.select_related("user").order_by("-raised_at", "-pk")[:limit])


@dataclass
class Change:
    """One saved change to one record: who, when, and each field's old and new value."""

    when: datetime
    record: str
    label: str
    by: User | None
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def _value(event, model_field) -> str:
    value = getattr(event, model_field.attname)
    if value is None or value == "":
        return "(empty)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _changes_for(history_model, objects: dict[int, str]) -> list[Change]:
    """Each event of the given objects, compared with that object's previous snapshot."""
    tracked = history_model.pgh_tracked_model
    shown = [
        f
        for f in tracked._meta.concrete_fields
        if f.name not in HIDDEN_FIELDS and hasattr(history_model, f.attname)
    ]
    events = (
        history_model.objects.filter(pgh_obj_id__in=list(objects))
        .select_related("pgh_context")
        .order_by("pgh_obj_id", "pgh_id")
    )
    changes, previous = [], {}
    for event in events:
        before = previous.get(event.pgh_obj_id)
        rows = []
        for model_field in shown:
            new = _value(event, model_field)
            old = _value(before, model_field) if before else ""
            if before is None and new == "(empty)":
                continue
            if before is None or old != new:
                rows.append((str(model_field.verbose_name).capitalize(), old, new))
        previous[event.pgh_obj_id] = event
        context = event.pgh_context.metadata if event.pgh_context else {}
        changes.append(
            Change(
                when=event.pgh_created_at,
                record=objects[event.pgh_obj_id],
                label=event.pgh_label,
                by=context.get("user"),
                fields=rows,
            )
        )
    return changes


def change_history(*, referral: Referral) -> list[Change]:
    """Every change to a child's referral, case, cycles and consents, newest first."""
    objects = {
        ReferralHistory: {referral.pk: f"Referral {referral}"},
    }
    case = Case.objects.filter(referral=referral).first()
    if case is not None:
        objects[CaseHistory] = {case.pk: "Case"}
        objects[CycleHistory] = {
            pk: f"Cycle {number}" for pk, number in case.cycles.values_list("pk", "number")
        }
        objects[ConsentHistory] = {
            pk: f"Consent: {kind}" for pk, kind in case.consents.values_list("pk", "kind")
        }
    changes = []
    for history_model, records in objects.items():
        if records:
            changes.extend(_changes_for(history_model, records))
    people = User.objects.in_bulk({c.by for c in changes if c.by})
    for change in changes:
        change.by = people.get(change.by)
    return sorted(changes, key=lambda c: c.when, reverse=True)

"""The status machine every record with a lifecycle shares: its table, its checks, its move.

A model subclasses StatusMachine, declares `TRANSITIONS` and overrides the hooks that say
how it refuses and how it records a move; services call `transition()` (docs/architecture.md,
"Status machine").
"""

from typing import ClassVar

from django.db import models, transaction
from django.db.models import QuerySet

from vig_service.core.errors import DomainError

# Set on an instance fetched by lock(), so transition() does not lock the row a second time.
_LOCKED = "_locked_for_update"


class StatusMachine(models.Model):
    """A model with a `status` field whose moves follow its `TRANSITIONS` table."""

    # {status: {the statuses it may become}}; a status missing from the table goes nowhere.
    TRANSITIONS: ClassVar[dict[str, set[str]]] = {}
    # The related name of the event rows a move writes (overridden by transition_event).
    EVENTS: ClassVar[str] = "events"

    class Meta:
        abstract = True

    def can_become(self, to: str) -> bool:
        """Whether the transitions table allows moving from the current status to `to`."""
        return to in self.TRANSITIONS.get(self.status, ())

    def status_label(self, status: str) -> str:
        """A status in words, as its choices say it."""
        return str(dict(self._meta.get_field("status").flatchoices).get(status, status))

    def transition_refused(self, to: str) -> DomainError:
        """The error for a move the table does not allow; apps give their own wording."""
        return DomainError(
            f"A {self._meta.verbose_name} that is {self.get_status_display().lower()} cannot "
            f"become {self.status_label(to).lower()}."
        )

    def transition_stale(self) -> DomainError:
        """The error for a page loaded before the last change; apps say who changed it."""
        return DomainError(
            f"This {self._meta.verbose_name} was changed by someone else. "
            "Review it before you continue."
        )

    def transition_event(self, *, by, action: str, from_status: str, note: str, **event_fields):
        """Write the timeline row for a move just saved, on this row's `EVENTS` relation."""
        return getattr(self, self.EVENTS).create(
            actor=by,
            action=action,
            from_status=from_status,
            to_status=self.status,
            note=note,
            **event_fields,
        )


def lock(queryset: QuerySet | models.Manager, **lookup):
    """Fetch one row with its lock held to the end of the transaction (select_for_update).

    Call it inside the service's transaction; the instance it returns is meant for that one.
    """
    queryset = queryset.all()
    if not queryset.query.select_for_update:
        queryset = queryset.select_for_update()
    obj = queryset.get(**lookup)
    setattr(obj, _LOCKED, True)
    return obj


def has_version(obj: models.Model) -> bool:
    """Whether the model counts its changes in a `version` field."""
    return any(field.name == "version" for field in obj._meta.concrete_fields)


def check_version(obj: StatusMachine, expected_version: int | None) -> None:
    """Refuse a page loaded at another version than the row's, with the model's own words."""
    if expected_version is not None and has_version(obj) and obj.version != expected_version:
        raise obj.transition_stale()


def check_can_become(obj: StatusMachine, to: str) -> None:
    """Refuse, with the model's own words, a move its transitions table does not allow."""
    if not obj.can_become(to):
        raise obj.transition_refused(to)


@transaction.atomic
def transition(
    obj: StatusMachine,
    *,
    to: str,
    by,
    action: str,
    note: str = "",
    fields=(),
    expected_version: int | None = None,
    **event_fields,
):
    """Move `obj` to `to`, saving `fields` with it and writing its event, all or nothing.

    Locks the row unless the caller fetched it with lock(); checks the version the page
    was loaded at when one is given; bumps `version`; returns the event row.
    """
    if not getattr(obj, _LOCKED, False):
        # The move starts from the row as it is now, not as this instance was loaded.
        kept = ["status", "version"] if has_version(obj) else ["status"]
        current = type(obj)._default_manager.select_for_update().values(*kept).get(pk=obj.pk)
        for name, value in current.items():
            setattr(obj, name, value)
    check_version(obj, expected_version)
    check_can_become(obj, to)
    from_status = obj.status
    obj.status = to
    saved = ["status", *fields]
    if has_version(obj):
        obj.version += 1
        saved.append("version")
    if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
        saved.append("updated_at")  # auto_now is written only when named
    obj.save(update_fields=list(dict.fromkeys(saved)))
    return obj.transition_event(
        by=by, action=action, from_status=from_status, note=note, **event_fields
    )

"""The settings sections kept in each process's memory, checked against the database per request.

Every page reads the service configuration (the header names the service) and many read an
app's section, yet these rows change a few times a year. So each process keeps the rows it
has read, and each request learns whether they are still current at no cost: the query that
reads the signed-in user also reads every section's `updated_at` (the *version*), and a
kept row is used only while the version is the one it was kept under. A save anywhere, on
any app server, changes the version, so the next request everywhere reads afresh
(docs/architecture.md, "The floor").

Never kept or served:
- inside a transaction (a write reads the row it will act on from the database, and a row
  read in a transaction that may roll back is not kept);
- without a signed-in user (no version was read: sign-in pages, commands, tasks).
"""

import copy
from contextvars import ContextVar

from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import DateTimeField, Func, Model, Subquery

from vig_service.core.sections import SINGLETON_ID, SettingsSection

# The current request's version: a callable, so the user is read only if a section is.
_request_version: ContextVar = ContextVar("settings_version", default=None)
# {(database name, model label): (version, row)}; a dict's get and set are atomic.
_kept: dict[tuple[str, str], tuple[tuple, Model]] = {}


def section_models() -> list[type[Model]]:
    """Every settings section model, in a fixed order."""
    return sorted(
        (model for model in apps.get_models() if issubclass(model, SettingsSection)),
        key=lambda model: model._meta.label,
    )


class _Array(Func):
    function = "ARRAY"
    template = "ARRAY[%(expressions)s]"


def version_expression() -> Func:
    """Every section's last save as one array, read in the signed-in user's query.

    An array, not the latest time: a save stamped by a server whose clock is behind still
    changes it.
    """
    stamps = [
        Subquery(model.objects.filter(pk=SINGLETON_ID).values("updated_at")[:1])
        for model in section_models()
    ]
    return _Array(*stamps, output_field=ArrayField(DateTimeField()))


def begin_request(version_of) -> object:
    """Note where this request's version comes from; returns the token for `end_request`."""
    return _request_version.set(version_of)


def end_request(token) -> None:
    _request_version.reset(token)


def _key(model) -> tuple[str, str]:
    return connection.settings_dict["NAME"], model._meta.label


def _version() -> tuple | None:
    if connection.in_atomic_block:
        return None
    version_of = _request_version.get()
    version = version_of() if version_of else None
    return tuple(version) if version is not None else None


def kept(model: type[Model]) -> Model | None:
    """A copy of the kept row when it is still current for this request, else None."""
    version = _version()
    entry = _kept.get(_key(model)) if version is not None else None
    if entry is None or entry[0] != version:
        return None
    # A copy, so a caller's change to its row never reaches another request.
    return copy.copy(entry[1])


def keep(section: Model) -> None:
    """Keep a row just read from the database, under this request's version."""
    version = _version()
    if version is not None:
        # Read after the version was, so never older than it: a newer row kept under an
        # older version is only ever read again afresh.
        _kept[_key(type(section))] = (version, copy.copy(section))


def forget() -> None:
    """Drop every kept row in this process (a section was saved here)."""
    _kept.clear()

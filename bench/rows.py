"""Rows written with PostgreSQL COPY, and what every scale row shares (names, address domain).

The ids are chosen here, so rows can point at each other before any is written.
"""

import functools
import io
import random
from datetime import date, datetime

import pgtrigger
from django.db import connection, models
from django.utils import timezone

from vig_service.operations.kept_counts import fill_kept
from vig_service.reports.summaries.install import rebuild as rebuild_summaries

DOMAIN = "scale.example.org"
YEARS = 5
FIRST = ["Poppy", "Jago", "Tamsin", "Kit", "Noah", "Isla", "Arlo", "Elowen", "Ruby", "Theo"]
LAST = ["Tremayne", "Pascoe", "Penrose", "Hocking", "Rowe", "Jenkin", "Smith", "Jones", "Brown"]


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, list):
        return "{" + ",".join(f'"{item}"' for item in value) + "}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


@functools.cache
def trigger_ids() -> str:
    """Every pgtrigger trigger's PostgreSQL name, as the array pgtrigger's ignore list takes."""
    return "{" + ",".join(sorted(t.get_pgid(m) for m, t in pgtrigger.registered())) + "}"


class Copier:
    """Collects rows for one model and writes them in one COPY, with ids chosen here."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.columns = [field for field in model._meta.concrete_fields]
        now = timezone.now()
        self.defaults = {}
        for field in self.columns:
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                self.defaults[field.attname] = now
            elif field.has_default():
                self.defaults[field.attname] = field.get_default()
            elif field.null:
                self.defaults[field.attname] = None
            elif field.empty_strings_allowed:
                self.defaults[field.attname] = ""
        self.buffer = io.StringIO()
        self.next_id = self._max_id() + 1
        self.count = 0

    def _max_id(self) -> int:
        pk = self.model._meta.pk
        if not isinstance(pk, models.AutoField):
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT COALESCE(MAX("{pk.column}"), 0) FROM "{self.model._meta.db_table}"'
            )
            return cursor.fetchone()[0]

    def add(self, **values) -> int:
        """Queue one row; returns its id."""
        pk = self.model._meta.pk
        if isinstance(pk, models.AutoField) and pk.attname not in values:
            values[pk.attname] = self.next_id
            self.next_id += 1
        row = {**self.defaults, **values}
        self.buffer.write("\t".join(_text(row[f.attname]) for f in self.columns))
        self.buffer.write("\n")
        self.count += 1
        return values.get(pk.attname)

    def flush(self) -> int:
        """Write the queued rows and move the id sequence past them."""
        table = self.model._meta.db_table
        columns = ", ".join(f'"{field.column}"' for field in self.columns)
        self.buffer.seek(0)
        with connection.cursor() as cursor:
            # No trigger fires, as when a replica applies rows: the change-history triggers
            # would write a history row for every seeded row (synthetic data needs none), and
            # the derived tables' triggers keep them one row at a time, which took a million
            # referrals far past ten minutes. The seeder fills those tables set-based once, at
            # the end (fill_derived, below); its rows are consistent by construction, so
            # the foreign-key checks, also triggers, are skipped too.
            cursor.execute("SELECT set_config('session_replication_role', 'replica', true)")
            cursor.cursor.copy_expert(f'COPY "{table}" ({columns}) FROM STDIN', self.buffer)
            cursor.execute("SELECT set_config('session_replication_role', 'origin', true)")
            pk = self.model._meta.pk
            if isinstance(pk, models.AutoField) and self.count:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [table, pk.column, self.next_id - 1],
                )
        written, self.count, self.buffer = self.count, 0, io.StringIO()
        return written


def weighted(rng: random.Random, pairs):
    """One of the values, chosen with the weights given beside them."""
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def fill_derived() -> None:
    """Fill what the triggers keep (no trigger fired as Copier wrote the rows), set-based."""
    with connection.cursor() as cursor:
        # Statistics first: without them the planner takes the just-filled tables for empty
        # and spills the summaries' day-by-day joins to disk for many minutes.
        cursor.execute("ANALYZE")
    fill_kept()
    rebuild_summaries()

"""Compute every report summary again from the records, for recovery (docs/architecture.md)."""

from django.core.management.base import BaseCommand

from vig_service.reports.summaries.install import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the report summaries from the records in one transaction (safe to repeat; "
        "writers wait for it). For recovery: the database keeps them current by itself."
    )

    def handle(self, *args, **options):
        for table, rows in rebuild().items():
            self.stdout.write(f"Rebuilt {table}: {rows} rows")

"""Compute every count the database's triggers keep again from the records, for recovery."""

from django.core.management.base import BaseCommand

from vig_service.operations.kept_counts import rebuild_kept_counts


class Command(BaseCommand):
    help = (
        "Recompute the limit facts, allocation waits and months, guiders' room and referral "
        "counts from the records in one transaction (safe to repeat; writers wait for it). "
        "For recovery, after a restore with triggers off say: the database keeps them itself."
    )

    def handle(self, *args, **options):
        for table, rows in rebuild_kept_counts().items():
            self.stdout.write(f"Rebuilt {table}: {rows} rows")

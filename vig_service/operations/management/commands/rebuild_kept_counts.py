"""Compute every count the database's triggers keep again from the records, for recovery."""

from django.core.management.base import BaseCommand, CommandError

from vig_service.operations.kept_counts import KeptCountsBusy, rebuild_kept_counts


class Command(BaseCommand):
    help = (
        "Recompute the limit facts, allocation waits and months, guiders' room and referral "
        "counts from the records in one transaction (safe to repeat; writers wait for it). "
        "For recovery, after a restore with triggers off say: the database keeps them itself."
    )

    def handle(self, *args, **options):
        try:
            counted = rebuild_kept_counts()
        except KeptCountsBusy as busy:
            raise CommandError(str(busy)) from busy
        for table, rows in counted.items():
            self.stdout.write(f"Rebuilt {table}: {rows} rows")

"""manage.py restore FILE: load a backup into an empty database, then list what it holds."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vig_service.operations import postgres
from vig_service.operations.backups import RestoreRefused, restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .dump file made by `manage.py backup`.")
        parser.add_argument(
            "--database-name",
            help="Restore into this database on the same server (created if missing) "
            "instead of the configured one.",
        )

    def handle(self, *args, file, database_name=None, **options):
        try:
            database = restore(Path(file), name=database_name)
        except (RestoreRefused, FileNotFoundError, RuntimeError) as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(self.style.SUCCESS(f"Restored {file} into {database}"))
        target = postgres.connect(name=database_name)
        try:
            write_fingerprints(self.stdout, postgres.table_fingerprints(target))
        finally:
            target.close()


def write_fingerprints(stdout, fingerprints: dict) -> None:
    """One line per table: name, row count, md5 of its rows."""
    for table, (rows, checksum) in fingerprints.items():
        stdout.write(f"{table:<45} {rows:>8} {checksum or '-'}")

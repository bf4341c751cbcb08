"""manage.py backup: a pg_dump (custom format) of the database into backups/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from vig_service.operations.backups import backup


class Command(BaseCommand):
    help = "Back up the database with pg_dump (custom format) to backups/vig-<UTC time>.dump."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(settings.BASE_DIR / "backups"),
            help="Where to write the file (default: backups/ in the project).",
        )

    def handle(self, *args, directory, **options):
        path = backup(Path(directory))
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {path} ({size:,} bytes)"))

"""manage.py db_fingerprint: each table's row count and checksum, to compare two databases."""

from django.core.management.base import BaseCommand

from vig_service.operations import postgres
from vig_service.operations.management.commands.restore import write_fingerprints


class Command(BaseCommand):
    help = "Print every table's row count and an md5 of its rows (compare a restore with diff)."

    def add_arguments(self, parser):
        parser.add_argument("--database-name", help="Another database on the same server.")

    def handle(self, *args, database_name=None, **options):
        connection = postgres.connect(name=database_name)
        try:
            write_fingerprints(self.stdout, postgres.table_fingerprints(connection))
        finally:
            connection.close()

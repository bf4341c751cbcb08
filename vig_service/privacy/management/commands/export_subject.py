"""manage.py export_subject VIG-2026-00042: everything held about one child, as a zip."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referrals.models import Referral
from vig_service.privacy.subject_access import export


class Command(BaseCommand):
    help = "Write a subject-access bundle (printable HTML and JSON, zipped) for one referral."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="The referral's reference, like VIG-2026-00042.")
        parser.add_argument("--directory", default=".", help="Where to write the zip.")

    def handle(self, *args, reference, directory, **options):
        try:
            referral = Referral.objects.get(reference=reference.strip().upper())
        except Referral.DoesNotExist as missing:
            raise CommandError(f"There is no referral {reference}") from missing
        name, content = export(referral)
        path = Path(directory) / name
        path.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {path}"))

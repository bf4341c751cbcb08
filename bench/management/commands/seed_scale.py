"""Fill the database with many referrals, cases and cycles for benchmarks (never live data)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.scale import DOMAIN, ScaleSeeder
from vig_service.accounts.models import User


class Command(BaseCommand):
    help = (
        "Add N referrals over five years in every status, ~40% with cases of 3–6 cycles with "
        "ratings (and courses and trainees), reproducibly from --seed. For benchmarks only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, required=True, help="How many referrals.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on live data)."
        )

    def handle(self, *args, referrals, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_scale is for benchmarks: it runs with DEBUG on, or --force.")
        if referrals < 1:
            raise CommandError("--referrals must be 1 or more.")
        if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
            raise CommandError(
                "This database already has scale data. Use a fresh database, for example "
                "EMBEDDED_DB_NAME=vig_scale_2 python manage.py migrate && "
                "EMBEDDED_DB_NAME=vig_scale_2 python manage.py seed_scale ..."
            )
        started = time.monotonic()
        with transaction.atomic():
            counts = ScaleSeeder(referrals=referrals, seed=seed, today=timezone.localdate()).run()
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as autovacuum would give a live database;
            # VACUUM cannot run inside a transaction (as in tests), ANALYZE can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        seconds = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(f"Added {summary} in {seconds:.1f} seconds.")

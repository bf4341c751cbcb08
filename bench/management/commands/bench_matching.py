"""Time the matching of one referral's child against every other record: the candidates a
coordinator is shown on the referral page (referrals.matching), prints one JSON line."""

import json
import random
import statistics
import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from bench.children import link_children
from bench.management.commands.bench_pages import Command as PagesCommand
from referrals.matching import candidate_matches
from referrals.models import Referral
from vig_service.accounts.models import User


class Command(BaseCommand):
    help = "Benchmark finding candidate matches for a referral; prints one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True, help="Referrals to seed if empty.")
        parser.add_argument("--referrals", type=int, default=40, help="Referrals matched.")
        parser.add_argument("--repeat", type=int, default=5, help="Timed runs per referral.")

    def handle(self, *args, size, referrals, repeat, **options):
        PagesCommand()._seed(size)
        linked = link_children()
        if linked:
            print(f"  gave {linked:,} referrals a child", file=sys.stderr, flush=True)
        coordinator = User.objects.get(email="coordinator@example.org")
        submitted = Referral.objects.exclude(status="draft").filter(child__isnull=False)
        # Spread over the whole table, and the same referrals on every run.
        step = max(1, submitted.count() // referrals)
        spread = submitted.annotate(slot=F("pk") % step).filter(slot=0).order_by("pk")
        rows = list(spread[:referrals])
        random.Random(20).shuffle(rows)
        for referral in rows[:3]:  # warm the caches, as a coordinator's first page would
            candidate_matches(referral, user=coordinator)
        times, found = [], []
        with CaptureQueriesContext(connection) as queries:
            candidate_matches(rows[0], user=coordinator)
        for _ in range(repeat):
            for referral in rows:
                started = time.perf_counter()
                found.append(len(candidate_matches(referral, user=coordinator)))
                times.append((time.perf_counter() - started) * 1000)
        times.sort()
        result = {
            "median": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
            "queries": len(queries),
            "candidates": statistics.mean(found),
            "referrals": Referral.objects.count(),
        }
        self.stdout.write(json.dumps(result))

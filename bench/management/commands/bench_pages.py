"""Time the main pages on this database (seeding it first when empty); used by `make bench`."""

import json
import os
import sys
import tracemalloc
import warnings
from functools import partial

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.measure import ADMIN, BARE, FLOOR, YARDSTICKS, interleaved, summary
from bench.scale import DOMAIN
from cases.models import Case
from diary.demo import seed_week
from referrals.models import Referral
from vig_service.accounts.models import User
from vig_service.reports.views import REPORTS

WARM_UP = 3
# A download of every referral takes seconds at a million: a few rounds say enough, and
# four (one page and three yardsticks) are one whole cycle of measure.balanced_order.
SLOW_ROUNDS = 4


def _fetch(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    if response.streaming:
        for _ in response.streaming_content:
            pass
    response.close()


def queries_for(client: Client, url: str) -> int:
    """How many queries one request of the page makes (after warm-up)."""
    # Straight after another request: the session's last-seen stamp, saved at most once a
    # minute (accounts.middleware), had made the audit search count 9 in one run and 6 in another.
    _fetch(client, url)
    with CaptureQueriesContext(connection) as queries:
        _fetch(client, url)
    return len(queries)


def peak_memory_mb(client: Client, url: str) -> float:
    """Peak Python memory growth (MB) while one download streams through to the end."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    _fetch(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - before) / 1_000_000


def _client(email: str | None = None, user: User | None = None) -> Client:
    client = Client()
    client.force_login(user or User.objects.get(email=email))
    return client


class Command(BaseCommand):
    help = "Benchmark the main pages on this database; prints one JSON line (see bench/run.py)."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, required=True, help="Referrals to seed if empty.")
        parser.add_argument("--requests", type=int, default=20, help="Rounds of every page.")
        parser.add_argument(
            "--only", nargs="+", default=(), help="Time only the pages whose names start so."
        )

    def handle(self, *args, size, requests, only, **options):
        # WhiteNoise warns that collectstatic has not run; the pages do not need it.
        warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
        self._seed(size)
        rows = []
        # DEBUG off as in production (the bench app, installed with DEBUG, stays loaded).
        with override_settings(
            ROOT_URLCONF="bench.urls",
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            SECURE_SSL_REDIRECT=False,
        ):
            listed = [
                page
                for page in self._pages()
                if not only or page[0] in YARDSTICKS or page[0].startswith(tuple(only))
            ]
            fetchers = {name: partial(_fetch, client, url) for name, client, url in listed}
            for fetch in fetchers.values():
                for _ in range(WARM_UP):
                    fetch()
            yardsticks = {name: fetchers.pop(name) for name in YARDSTICKS}
            if not fetchers:
                # The yardsticks are timed beside each page, so they need one to go beside.
                raise CommandError(f"--only names no page to time: {', '.join(only)}")
            slow = {name: SLOW_ROUNDS for name in fetchers if name.startswith("CSV")}
            series = interleaved(
                fetchers, yardsticks, rounds=requests, few_rounds=slow, primer=yardsticks[BARE]
            )
            for name, client, url in listed:
                row = {"page": name, **summary(series[name]), "queries": queries_for(client, url)}
                if name.startswith("CSV"):
                    row["memory_mb"] = peak_memory_mb(client, url)
                rows.append(row)
                print(f"  {name}: median {row['median']:.1f} ms", file=sys.stderr, flush=True)
        self.stdout.write(json.dumps({"rows": rows, "referrals": Referral.objects.count()}))

    def _seed(self, size: int) -> None:
        quiet = open(os.devnull, "w")  # noqa: SIM115
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("seed_demo", stdout=quiet)
        if User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
            return
        call_command("seed_scale", referrals=size, stdout=sys.stderr)

    def _pages(self):
        coordinator = _client("coordinator@example.org")
        manager = _client("manager@example.org")
        administrator = _client("admin@example.org")
        # A guider with a typical caseload: the median number of open cases.
        guiders = list(
            User.objects.filter(email__startswith="guider.", email__endswith=f"@{DOMAIN}")
            .annotate(open=Count("cases", filter=~Q(cases__status="closed")))
            .order_by("open", "pk")
        )
        guider_user = guiders[len(guiders) // 2]
        guider = _client(user=guider_user)
        # A realistic fortnight in that guider's diary (once; kept between runs).
        seed_week(guider=guider_user, supervisor=User.objects.get(email="supervisor@example.org"))
        case = Case.objects.filter(guider=guider_user).exclude(status="closed").first()
        allocated = Referral.objects.filter(status="allocated").order_by("pk")
        referral = allocated[allocated.count() // 2]
        return [
            ("Queue", coordinator, reverse("referrals:queue")),
            ("Referral page", coordinator, referral.get_absolute_url()),
            ("My cases", guider, reverse("cases:list")),
            ("Case overview", guider, reverse("cases:overview", args=[case.pk])),
            ("Home: coordinator", coordinator, reverse("core:home")),
            ("Home: guider", guider, reverse("core:home")),
            ("Home: manager", manager, reverse("core:home")),
            ("My diary", guider, reverse("diary:mine")),
            ("Team diary", coordinator, reverse("diary:team")),
            *(
                (f"Report: {kind.title}", manager, reverse("reports:report", args=[slug]))
                for slug, kind in REPORTS.items()
            ),
            ("CSV: every referral", manager, reverse("reports:referrals_csv")),
            # The audit's search, by child (the referral page's, whose views the runs record).
            ("Audit search", administrator, reverse("audit:events")),
            (
                "Audit search: one child",
                administrator,
                f"{reverse('audit:events')}?reference={referral.reference}",
            ),
            (ADMIN, administrator, "/django-admin/referrals/referral/"),
            (FLOOR, manager, "/bench/floor/"),
            (BARE, manager, "/bench/bare/"),
        ]

"""make load: seed a throwaway database, serve it with gunicorn on loopback, run locust
headless, then check the records created against the database and print a summary.

Settings (environment): LOAD_USERS (50), LOAD_DURATION (5m), LOAD_REFERRALS (10000),
LOAD_PORT (8765), LOAD_WORKERS (3), LOAD_KEEP_DB (keep the database afterwards),
LOAD_STRESS (no pause between the pages of a journey: a capacity test, see locustfile.py).
"""

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STAMP = time.strftime("%Y%m%d%H%M%S")
os.environ["EMBEDDED_DB_NAME"] = f"vig_load_{STAMP}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vig_service.settings")
os.environ.setdefault("DEBUG", "true")  # a loopback-only run: no TLS redirect, local hosts
os.environ.setdefault("MFA_REQUIRED", "false")  # load users sign in with a password alone

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from psycopg2 import sql  # noqa: E402

from cases.models import Case  # noqa: E402
from cycles.models import Cycle  # noqa: E402
from referrals.models import Referral  # noqa: E402
from vig_service.operations import postgres  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "50"))
DURATION = os.environ.get("LOAD_DURATION", "5m")
REFERRALS = int(os.environ.get("LOAD_REFERRALS", "10000"))
PORT = int(os.environ.get("LOAD_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
BIN = Path(sys.executable).parent


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare():
    step(f"Database {connection.settings_dict['NAME']}: migrate, demo, {REFERRALS:,} referrals")
    quiet = io.StringIO()
    call_command("migrate", "--noinput", stdout=quiet)
    call_command("seed_demo", stdout=quiet)
    call_command("seed_scale", "--referrals", str(REFERRALS), stdout=quiet)
    call_command("load_prepare", stdout=quiet)
    connection.close()


def report_paths() -> list[str]:
    """The reports index and each report page."""
    from django.urls import reverse

    from vig_service.reports.views import REPORTS

    return [reverse("reports:index")] + [reverse("reports:report", args=[s]) for s in REPORTS]


def serve():
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "WEB_CONCURRENCY": os.environ.get("LOAD_WORKERS", "3"),
        "GUNICORN_ACCESS_LOG": os.devnull,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",  # e-mails are still rendered and queued, not printed
    }
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{HOST}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not become healthy")


def run_locust(results: Path, csv_prefix: Path):
    env = {
        **os.environ,
        "LOAD_RESULTS": str(results),
        "LOAD_RUN": STAMP,
        "LOAD_REPORT_PATHS": ",".join(report_paths()),
    }
    step(f"locust: {USERS} users for {DURATION} against {HOST}")
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "loadtest" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            # One user a second: people do not all sign in (a deliberately slow hash) at once.
            "--spawn-rate",
            "1",
            "--run-time",
            DURATION,
            "--host",
            HOST,
            "--csv",
            str(csv_prefix),
            "--only-summary",
            # At the end each user finishes the journey it is on, so nothing is in flight.
            "--stop-timeout",
            "120",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )


def verify(results: dict) -> list[str]:
    """The records the users were told were saved are exactly those in the database."""
    problems = []
    marker = f"LOADID-{STAMP}-"
    ours = Referral.objects.filter(hoped_change__startswith=marker)
    drafts = ours.filter(status="draft").count()
    in_db = list(ours.exclude(status="draft").values_list("hoped_change", flat=True))
    cycles = list(
        Cycle.objects.filter(setting__startswith=marker).values_list("setting", flat=True)
    )
    for label, made, saved in (
        ("referrals", results["referrals"], in_db),
        ("cycles", results["cycles"], cycles),
    ):
        if len(saved) != len(set(saved)):
            problems.append(f"{label}: duplicated in the database")
        if set(made) != set(saved):
            missing, extra = set(made) - set(saved), set(saved) - set(made)
            problems.append(f"{label}: {len(missing)} missing, {len(extra)} not reported")
        print(f"  {label}: {len(made)} created by users, {len(saved)} in the database")
    if drafts:
        problems.append(f"{drafts} load referrals left as drafts (a journey cut short)")
    allocated = set(results["allocated"])
    cases = dict(
        Case.objects.filter(referral_id__in=allocated)
        .values_list("referral_id")
        .annotate(n=Count("pk"))
    )
    if any(cases.get(pk) != 1 for pk in allocated):
        problems.append("an allocated referral without exactly one case")
    orphans = Referral.objects.filter(status="allocated", case__isnull=True).count()
    if orphans:
        problems.append(f"{orphans} allocated referrals without a case")
    print(f"  allocations: {len(allocated)} by coordinators, each with exactly one case")
    return problems


def summary(csv_prefix: Path, server_errors: int):
    rows = list(csv.DictReader(Path(f"{csv_prefix}_stats.csv").read_text().splitlines()))
    print(f"\n{'page':<40} {'requests':>9} {'failures':>9} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        page = f"{row['Type']} {row['Name']}".strip()[:40]
        print(
            f"{page:<40} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{row['Median Response Time']:>10} {row['95%']:>8}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"\nThroughput: {float(total['Requests/s']):.1f} requests a second")
    print(f"5xx responses: {server_errors}")
    failures = list(csv.DictReader(Path(f"{csv_prefix}_failures.csv").read_text().splitlines()))
    for failure in failures[:10]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error'][:120]}")
    return int(total["Failure Count"]), int(total["95%"])


def drop_database(name):
    admin = postgres.connect(name="postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        admin.close()


def main():
    name = connection.settings_dict["NAME"]
    prepare()
    server = serve()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results_path, prefix = Path(tmp) / "results.json", Path(tmp) / "locust"
            run_locust(results_path, prefix)
            results = json.loads(results_path.read_text())
            failures, p95 = summary(prefix, results["server_errors"])
    finally:
        server.terminate()
        server.wait(timeout=30)
    step("Checking the records created against the database")
    problems = verify(results)
    connection.close()
    if not os.environ.get("LOAD_KEEP_DB"):
        drop_database(name)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    intact = not problems and failures == 0 and results["server_errors"] == 0
    fast = p95 < 500
    print(
        f"\nRecords and errors: {'PASS' if intact else 'FAIL'}; "
        f"p95 overall {p95} ms: {'PASS' if fast else 'MISSED'} (target under 500 ms)"
    )
    return 0 if intact and fast else 1


if __name__ == "__main__":
    sys.exit(main())

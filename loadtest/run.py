"""make load: seed a throwaway database, serve it with gunicorn on loopback, run locust
headless, then check the records created against the database and print a summary.

Settings (environment): LOAD_USERS (150), LOAD_DURATION (5m, held once every user has signed
in), LOAD_REFERRALS (10000), LOAD_PORT (8765), LOAD_WORKERS and LOAD_THREADS (gunicorn.conf.py's
defaults), LOAD_APP_CPUS (pin gunicorn to these cores with taskset, e.g. 0), LOAD_KEEP_DB (keep
the database afterwards), LOAD_STRESS (no pause between the pages of a journey: a capacity
test, see locustfile.py).
"""

import csv
import io
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
STAMP = time.strftime("%Y%m%d%H%M%S")
os.environ["EMBEDDED_DB_NAME"] = f"vig_load_{STAMP}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vig_service.settings")
# This harness seeds with the development commands (DEBUG on); the server runs as in
# production behind a TLS-terminating proxy (serve()).
os.environ.setdefault("DEBUG", "true")
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

sys.path.insert(0, str(ROOT / "loadtest"))
import cpu  # noqa: E402

USERS = int(os.environ.get("LOAD_USERS", "150"))
DURATION = os.environ.get("LOAD_DURATION", "5m")
# One user signs in a second: people do not all sign in (a deliberately slow hash) at once.
SPAWN_RATE = 1
# Each user its own account: referrers, the largest role, are 4 in 10 (locustfile.py weights).
PER_ROLE = max(12, -(-USERS * 4 // 10) + 1)
REFERRALS = int(os.environ.get("LOAD_REFERRALS", "10000"))
PORT = int(os.environ.get("LOAD_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
# What the TLS-terminating proxy adds to every request it passes on (docs/deployment.md).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
BIN = Path(sys.executable).parent


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare():
    step(f"Database {connection.settings_dict['NAME']}: migrate, demo, {REFERRALS:,} referrals")
    quiet = io.StringIO()
    call_command("migrate", "--noinput", stdout=quiet)
    call_command("seed_demo", stdout=quiet)
    call_command("seed_scale", "--referrals", str(REFERRALS), stdout=quiet)
    call_command("load_prepare", "--per-role", str(PER_ROLE), stdout=quiet)
    connection.close()


def report_paths() -> list[str]:
    """The reports index and each report page."""
    from django.urls import reverse

    from vig_service.reports.views import REPORTS

    return [reverse("reports:index")] + [reverse("reports:report", args=[s]) for s in REPORTS]


def seconds(duration: str) -> int:
    """Seconds in a locust duration such as 5m, 90s or 1h30m."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?", duration.strip())
    if not parts or not duration.strip():
        raise SystemExit(f"LOAD_DURATION={duration!r}: use e.g. 5m, 90s or 1h30m")
    hours, minutes, secs = (int(p or 0) for p in parts.groups())
    return hours * 3600 + minutes * 60 + secs


def server_overrides() -> dict:
    """LOAD_WORKERS and LOAD_THREADS as gunicorn's variables; unset, gunicorn.conf.py decides."""
    names = {"LOAD_WORKERS": "WEB_CONCURRENCY", "LOAD_THREADS": "GUNICORN_THREADS"}
    return {setting: os.environ[name] for name, setting in names.items() if os.environ.get(name)}


def production_settings() -> dict:
    """The server's settings as in production, behind a proxy that terminated TLS: DEBUG off,
    secure cookies, the proxy's X-Forwarded-Proto trusted (locustfile.py sends it)."""
    return {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        # Collected beside the load's data, not into staticfiles/: WhiteNoise indexes
        # STATIC_ROOT for every test client, and 58 MB there made `make test` crawl.
        "STATIC_ROOT": str(ROOT / ".data" / "load-static"),
    }


def collect_static(settings: dict) -> None:
    """The static files' manifest, which production settings need to render any page."""
    step("collectstatic (production settings need the static files' manifest)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, **settings},
        check=True,
    )


def serve(settings: dict):
    env = {
        **os.environ,
        **settings,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_ACCESS_LOG": os.devnull,
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",  # e-mails are still rendered and queued, not printed
        **server_overrides(),
    }
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")]
    if os.environ.get("LOAD_APP_CPUS"):
        command = ["taskset", "-c", os.environ["LOAD_APP_CPUS"], *command]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(120):
        try:
            probe = urllib.request.Request(f"{HOST}/healthz", headers=PROXY_HEADERS)
            with urllib.request.urlopen(probe, timeout=2) as response:
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
        "LOAD_PER_ROLE": str(PER_ROLE),
        "LOAD_REPORT_PATHS": ",".join(report_paths()),
    }
    # LOAD_DURATION is held with every user signed in, after the ramp of one user a second.
    ramp = -(-USERS // SPAWN_RATE)
    step(f"locust: {USERS} users (signing in over {ramp} s), then {DURATION} at full strength")
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "loadtest" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(SPAWN_RATE),
            "--run-time",
            f"{ramp + seconds(DURATION)}s",
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


def summary(csv_prefix: Path, server_errors: int, used: dict):
    rows = list(csv.DictReader(Path(f"{csv_prefix}_stats.csv").read_text().splitlines()))
    print(f"\n{'page':<40} {'requests':>9} {'failures':>9} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        page = f"{row['Type']} {row['Name']}".strip()[:40]
        print(
            f"{page:<40} {row['Request Count']:>9} {row['Failure Count']:>9} "
            f"{row['Median Response Time']:>10} {row['95%']:>8}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(
        f"\nThroughput: {float(total['Requests/s']):.1f} requests a second; "
        f"median {total['Median Response Time']} ms, p95 {total['95%']} ms"
    )
    print(f"5xx responses: {server_errors}")
    print(f"CPU over {used['seconds']:.0f} s (docs/deployment.md, Capacity):")
    print("\n".join(cpu.describe(used, int(total["Request Count"]))))
    failures = list(csv.DictReader(Path(f"{csv_prefix}_failures.csv").read_text().splitlines()))
    for failure in failures[:10]:
        print(f"  failure: {failure['Method']} {failure['Name']}: {failure['Error'][:120]}")
    return int(total["Failure Count"]), int(total["95%"])


def gunicorn_settings() -> str:
    """Workers × threads as the server runs them (its environment, else gunicorn.conf.py)."""
    config = {"__file__": str(ROOT / "gunicorn.conf.py")}
    with mock.patch.dict(os.environ, server_overrides()):
        exec((ROOT / "gunicorn.conf.py").read_text(), config)
    cores = os.environ.get("LOAD_APP_CPUS")
    pinned = f", pinned to cores {cores}" if cores else ""
    return f"{config['workers']} workers × {config['threads']} threads{pinned}"


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
    settings = production_settings()
    collect_static(settings)
    server = serve(settings)
    step(f"gunicorn: {gunicorn_settings()}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            results_path, prefix = Path(tmp) / "results.json", Path(tmp) / "locust"
            meter = cpu.CpuMeter(server_pid=server.pid, database=name)
            meter.start()
            run_locust(results_path, prefix)
            used = meter.stop()
            results = json.loads(results_path.read_text())
            failures, p95 = summary(prefix, results["server_errors"], used)
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

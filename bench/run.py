"""`make bench`: the main pages, and matching one referral, timed at 1,000, 10,000 and
100,000 referrals (`--sizes 1000000` for a million).

Each size has its own database on the embedded server (vig_bench_<size>, kept, so a second
run skips seeding), filled by `seed_demo` and `seed_scale --referrals <size>`. Each page is
requested through Django's test client (all the middleware, templates and queries; no
network) a few times to warm up and then timed. The table gives the median and 95th
percentile, queries per request, the CSV download's peak memory growth, and each page's
time as a ratio to two yardsticks on the same data: the Django admin's referral list (what
a team would use instead) and a floor page with the same middleware and base template.

    .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 1000 10000 --requests 30
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
TARGET_SIZE = 100_000
ADMIN, FLOOR = "Admin referral list", "Floor page"


def target(row: dict, admin_median: float, size: int) -> str:
    """The issue's target for the page, and whether this run met it (targets are at 100,000)."""
    name, median = row["page"], row["median"]
    if name in (ADMIN, FLOOR):
        return "yardstick"
    if size != TARGET_SIZE:
        # With little data the admin list is quick too; the targets are set at 100,000.
        return "(targets are for 100,000)"
    if name == "Queue":
        met, goal = median <= 50 and median <= admin_median / 2, "≤ 50 ms and ≤ ½ admin"
    elif name in ("Referral page", "My cases", "Case overview"):
        met, goal = median <= 40, "≤ 40 ms"
    elif name.startswith("Report"):
        met, goal = median <= 500, "≤ 500 ms"
    elif name.startswith("CSV"):
        met, goal = row["memory_mb"] <= 50, "≤ 50 MB peak"
    else:
        return ""
    return f"{'met' if met else 'MISSED'} ({goal})"


def print_table(size: int, rows: list[dict]) -> None:
    """One line per page at this size."""
    admin = next(row for row in rows if row["page"] == ADMIN)["median"]
    floor = next(row for row in rows if row["page"] == FLOOR)["median"]
    header = (
        f"{'page':<32} {'referrals':>9} {'median ms':>9} {'p95 ms':>8} {'queries':>7} "
        f"{'÷ admin':>7} {'÷ floor':>7} {'peak MB':>7}  target"
    )
    print(header)
    print("-" * (len(header) + 20))
    for row in rows:
        memory = f"{row['memory_mb']:.1f}" if "memory_mb" in row else ""
        print(
            f"{row['page']:<32} {size:>9,} {row['median']:>9.1f} {row['p95']:>8.1f} "
            f"{row['queries']:>7} {row['median'] / admin:>7.2f} {row['median'] / floor:>7.1f} "
            f"{memory:>7}  {target(row, admin, size)}"
        )
    print(flush=True)


def _last_json(command: list[str], env: dict) -> dict:
    """Run a manage.py command for one size and read the JSON line it prints last."""
    output = subprocess.run(
        [sys.executable, "manage.py", *command],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def print_matching(size: int, row: dict) -> None:
    """Finding one referral's candidate matches (issue 20: ≤ 50 ms median at 100,000 and up)."""
    goal = "≤ 50 ms"
    verdict = (
        f"{'met' if row['median'] <= 50 else 'MISSED'} ({goal})" if size >= TARGET_SIZE else ""
    )
    print(
        f"Matching one referral: median {row['median']:.1f} ms, p95 {row['p95']:.1f} ms, "
        f"{row['queries']} query, {row['candidates']:.2f} candidates on average  {verdict}\n",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the main pages at several sizes.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=20, help="Timed requests per page.")
    options = parser.parse_args()
    queries: dict[str, set[int]] = {}
    for size in options.sizes:
        print(f"{size:,} referrals (database vig_bench_{size})", flush=True)
        # One process per size: the database is chosen when the settings are read.
        env = {**os.environ, "EMBEDDED_DB_NAME": f"vig_bench_{size}"}
        command = [sys.executable, "manage.py", "bench_pages", f"--size={size}"]
        output = subprocess.run(
            [*command, f"--requests={options.requests}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            check=True,
            text=True,
        ).stdout
        rows = json.loads(output.strip().splitlines()[-1])["rows"]
        print_table(size, rows)
        print_matching(size, _last_json(["bench_matching", f"--size={size}"], env))
        for row in rows:
            queries.setdefault(row["page"], set()).add(row["queries"])
    if len(options.sizes) > 1:
        differing = sorted(page for page, counts in queries.items() if len(counts) > 1)
        print(
            "Query counts differ between sizes for: " + ", ".join(differing)
            if differing
            else "Query counts are the same at every size, for every page."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: the main pages, and matching one referral, at 1,000, 10,000, 100,000 and
1,000,000 referrals (the largest seeded in about 6 minutes the first time).

Each size has its own database on the embedded server (vig_bench_<size>, kept, so a second
run skips seeding), filled by `seed_demo` and `seed_scale --referrals <size>`. Each page is
requested through Django's test client (all the middleware, templates and queries; no
network), warmed up, then measured in rounds beside its yardsticks — the Django admin's
referral list (what a team would use instead), the floor page (the base template alone) and
a bare response through the same middleware — in rotation (bench/measure.py). The table
gives each page's median and 95th percentile, its queries, and its median ratio to the admin
list and to the floor with the interquartile range over rounds; ratios, unlike times, hold
from one run to the next on a noisy machine. The whole run is written as JSON for
`bench/compare.py OLD NEW`.

    .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --sizes 1000 10000 --requests 30 --output run.json
"""

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000, 1_000_000)
# Absolute targets (reports, memory) are set at 100,000; ratio targets at a million.
TARGET_SIZE = 100_000
MILLION = 1_000_000
ADMIN, FLOOR, BARE = "Admin referral list", "Floor page", "Bare response"
RECORD_PAGES = ("Queue", "Referral page", "My cases", "Case overview", "My diary", "Team diary")


def ratio(row: dict, yardstick: str) -> float:
    return row[f"÷ {yardstick}"]["median"]


def target(row: dict, size: int) -> str:
    """The target for the page, and whether this run met it."""
    name = row["page"]
    if name == FLOOR:
        met, goal = ratio(row, BARE) <= 1.5, "≤ 1.5 × bare"
    elif name in (ADMIN, BARE):
        return "yardstick"
    elif name.startswith("Report") and size >= TARGET_SIZE:
        met, goal = row["median"] <= 500, "≤ 500 ms"
    elif name.startswith("CSV") and size >= TARGET_SIZE:
        met, goal = row["memory_mb"] <= 50, "≤ 50 MB peak"
    elif size < MILLION:
        return ""
    elif name == "Queue":
        met = ratio(row, FLOOR) <= 3 and ratio(row, ADMIN) <= 1 / 3
        goal = "≤ 3 × floor, ≤ ⅓ × admin"
    elif name in RECORD_PAGES or name.startswith("Home"):
        met, goal = ratio(row, FLOOR) <= 3, "≤ 3 × floor"
    else:
        return ""
    return f"{'met' if met else 'MISSED'} ({goal})"


def _spread(row: dict, yardstick: str) -> str:
    cell = row.get(f"÷ {yardstick}")
    return f"{cell['median']:.2f}±{cell['iqr'] / 2:.2f}" if cell else ""


def print_table(size: int, rows: list[dict]) -> None:
    """One line per page at this size; ± is half the interquartile range over rounds."""
    header = (
        f"{'page':<32} {'median ms':>9} {'p95 ms':>8} {'queries':>7} "
        f"{'÷ admin':>11} {'÷ floor':>11} {'÷ bare':>11} {'peak MB':>7}  target"
    )
    print(header)
    print("-" * (len(header) + 20))
    for row in rows:
        memory = f"{row['memory_mb']:.1f}" if "memory_mb" in row else ""
        print(
            f"{row['page']:<32} {row['median']:>9.1f} {row['p95']:>8.1f} {row['queries']:>7} "
            f"{_spread(row, ADMIN):>11} {_spread(row, FLOOR):>11} {_spread(row, BARE):>11} "
            f"{memory:>7}  {target(row, size)}"
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
    """Finding one referral's candidate matches (≤ 50 ms median at 100,000 and up)."""
    verdict = ""
    if size >= TARGET_SIZE:
        verdict = f"{'met' if row['median'] <= 50 else 'MISSED'} (≤ 50 ms)"
    print(
        f"Matching one referral: median {row['median']:.1f} ms, p95 {row['p95']:.1f} ms, "
        f"{row['queries']} query, {row['candidates']:.2f} candidates on average  {verdict}\n",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the main pages at several sizes.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--requests", type=int, default=20, help="Rounds of every page.")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    parser.add_argument("--output", type=Path, default=ROOT / ".data" / f"bench-{stamp}.json")
    options = parser.parse_args()
    queries: dict[str, set[int]] = {}
    result = {"started": stamp, "requests": options.requests, "sizes": {}}
    for size in options.sizes:
        print(f"{size:,} referrals (database vig_bench_{size})", flush=True)
        # One process per size: the database is chosen when the settings are read.
        # Persistent connections, as docs/deployment.md has production run them: a new
        # connection per request would add the same few ms to every page and yardstick.
        env = {
            **os.environ,
            "EMBEDDED_DB_NAME": f"vig_bench_{size}",
            "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
        }
        pages = _last_json(
            ["bench_pages", f"--size={size}", f"--requests={options.requests}"], env
        )
        print_table(size, pages["rows"])
        matching = _last_json(["bench_matching", f"--size={size}"], env)
        print_matching(size, matching)
        result["sizes"][str(size)] = {"pages": pages["rows"], "matching": matching}
        for row in pages["rows"]:
            queries.setdefault(row["page"], set()).add(row["queries"])
    if len(options.sizes) > 1:
        differing = sorted(page for page, counts in queries.items() if len(counts) > 1)
        print(
            "Query counts differ between sizes for: " + ", ".join(differing)
            if differing
            else "Query counts are the same at every size, for every page."
        )
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(result, indent=1))
    print(f"Written to {options.output}; compare two runs with bench/compare.py OLD NEW.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

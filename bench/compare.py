"""Compare two `make bench` runs: each page's ratios to its yardsticks, old and new.

    .venv/bin/python bench/compare.py .data/bench-OLD.json .data/bench-NEW.json

A ratio is the page's time over its yardstick's in the same round (bench/measure.py), so two
runs on the same code should agree within a few per cent; the last line says whether every
ratio agreed within `--tolerance` (10 % unless told).
"""

import argparse
import json
import sys
from pathlib import Path

YARDSTICKS = ("Admin referral list", "Floor page")


def changes(old: dict, new: dict):
    """(size, page, yardstick, old ratio, new ratio, relative change) for every ratio in both."""
    for size, run in new["sizes"].items():
        before = {row["page"]: row for row in old["sizes"].get(size, {}).get("pages", [])}
        for row in run["pages"]:
            earlier = before.get(row["page"])
            for yardstick in YARDSTICKS:
                key = f"÷ {yardstick}"
                if earlier is None or key not in row or key not in earlier:
                    continue
                was, now = earlier[key]["median"], row[key]["median"]
                yield size, row["page"], yardstick, was, now, (now - was) / was if was else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare two bench runs' ratios.")
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.10)
    options = parser.parse_args(argv)
    old, new = (json.loads(path.read_text()) for path in (options.old, options.new))
    rows = list(changes(old, new))
    print(f"{'size':>9} {'page':<32} {'÷':<20} {'old':>7} {'new':>7} {'change':>8}")
    for size, page, yardstick, was, now, change in rows:
        print(
            f"{int(size):>9,} {page:<32} {yardstick:<20} {was:>7.2f} {now:>7.2f} {change:>+8.1%}"
        )
    worst = max((abs(row[-1]) for row in rows), default=0.0)
    agreed = worst <= options.tolerance
    print(
        f"{len(rows)} ratios; the largest change is {worst:.1%}: "
        + ("every ratio agrees" if agreed else "NOT every ratio agrees")
        + f" within {options.tolerance:.0%}."
    )
    return 0 if agreed else 1


if __name__ == "__main__":
    sys.exit(main())

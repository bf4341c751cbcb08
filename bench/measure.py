"""Timing pages as ratios to yardsticks measured beside them, so a noisy machine's mood cancels.

Each round requests every page once, each followed by its yardsticks — the Django admin's
referral list, the floor page (the base template alone) and a bare response through the same
middleware — in an order that changes from round to round, balanced so that each comes after
every other as often (`balanced_order`). A page's ratio in a round is its
time over the yardstick's time in that same round; the reported ratio is the median over
rounds, with the interquartile range as its spread (docs/architecture.md, "Benchmarks").
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

ADMIN, FLOOR, BARE = "Admin referral list", "Floor page", "Bare response"
YARDSTICKS = (ADMIN, FLOOR, BARE)


@dataclass
class Series:
    """One page's times over the rounds, and its ratios to each yardstick round by round."""

    times: list[float] = field(default_factory=list)
    ratios: dict[str, list[float]] = field(default_factory=dict)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """The lower quartile, median and upper quartile (the median thrice for one value)."""
    if len(values) < 2:
        return (values[0],) * 3
    low, middle, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, middle, high


def summary(series: Series) -> dict:
    """Median and 95th percentile in ms; each ratio's median and interquartile range."""
    times = sorted(series.times)
    row = {
        "median": statistics.median(times),
        "p95": times[max(0, round(len(times) * 0.95) - 1)],
        "rounds": len(times),
    }
    for yardstick, ratios in series.ratios.items():
        low, middle, high = quartiles(ratios)
        row[f"÷ {yardstick}"] = {"median": middle, "iqr": high - low}
    return row


def balanced_order(items: list, number: int) -> list:
    """Round `number`'s order of `items`: over a cycle of rounds (len(items), or twice that for
    an odd count) each item comes straight after every other exactly as often.

    A Williams design, the crossover trial's answer to carryover: a plain rotation put the
    floor page after the admin list three rounds in four and the bare response after the
    floor page, so the floor alone paid for the heaviest request's cold caches.
    """
    count = len(items)
    # 0, 1, n-1, 2, n-2, ...: its differences are every step once.
    first = [(step + 1) // 2 if step % 2 else (count - step // 2) % count for step in range(count)]
    rows = [[(place + shift) % count for place in first] for shift in range(count)]
    if count % 2:
        mirrored = [row[::-1] for row in rows]
        rows = [row for pair in zip(rows, mirrored, strict=True) for row in pair]
    return [items[place] for place in rows[number % len(rows)]]


def interleaved(
    pages: dict[str, Callable[[], None]],
    yardsticks: dict[str, Callable[[], None]],
    *,
    rounds: int,
    few_rounds: dict[str, int] | None = None,
    primer: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Series]:
    """Time each page and every yardstick beside it, `rounds` times (fewer for pages named in
    `few_rounds`, such as a download of every referral); the yardsticks get series too.

    `primer`, run untimed before every timed request, puts each one after the same light
    request: the one after a heavy request (the admin list) takes about 2 ms more, the
    processor's caches being full of the heavy one's work, and in the rotation the floor
    page followed the admin list in three rounds of four while the bare response never did.
    """
    few_rounds = few_rounds or {}
    results = {name: Series() for name in [*pages, *yardsticks]}
    for number in range(rounds):
        for name, fetch in pages.items():
            if number >= few_rounds.get(name, rounds):
                continue
            order = balanced_order([name, *yardsticks], number)
            took = {}
            for step in order:
                if primer is not None:
                    primer()
                started = clock()
                (fetch if step == name else yardsticks[step])()
                took[step] = (clock() - started) * 1000
            results[name].times.append(took[name])
            for yardstick in yardsticks:
                results[yardstick].times.append(took[yardstick])
                ratio = took[name] / took[yardstick] if took[yardstick] else float("inf")
                results[name].ratios.setdefault(yardstick, []).append(ratio)
            # The yardsticks against each other: the floor's cost over a bare response.
            for one in yardsticks:
                for other in yardsticks:
                    if one != other and took[other]:
                        ratios = results[one].ratios.setdefault(other, [])
                        ratios.append(took[one] / took[other])
    return results

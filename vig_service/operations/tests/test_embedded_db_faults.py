"""The embedded database survives every way a developer's commands end (issue 22).

Each test starts a real `manage.py runserver` in its own process group on its own data
directory, ends it one way (a signal to the group, SIGKILL of one or all of its processes,
two starting at once, a broken handle list, a stale postmaster.pid), then checks that the
next command serves the home page and that no server or watchdog is left once all have
exited. See docs/architecture.md, "The embedded database".
"""

import signal
import subprocess
import sys

import psutil
import pytest
from django.conf import settings

from vig_service.embedded_pg import HANDLES, PID_FILE, postmasters_of, users_of
from vig_service.operations.tests.runservers import (
    MANAGE,
    assert_nothing_left,
    copy_cluster,
    environment,
    home_page_status,
    kill_leftovers,
    leftovers,
    orphan_server,
    serve_and_stop,
    signal_group,
    start,
    stop_orphan,
    wait_gone,
    wait_serving,
)

CREATE = "import sys, pathlib; from vig_service.embedded_db import embedded_database as e; "
CREATE += "e(pathlib.Path(sys.argv[1]), 'vig_service')"


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    """A new, stopped cluster with the demo's (empty) database, copied by each test.

    `/` answers (a redirect to sign in) without migrations, so none are run.
    """
    data_dir = tmp_path_factory.mktemp("cluster") / "data"
    subprocess.run(
        [sys.executable, "-c", CREATE, str(data_dir)],
        cwd=settings.BASE_DIR,
        env=environment(data_dir),
        check=True,
        timeout=120,
    )
    assert_nothing_left(data_dir)
    return data_dir


@pytest.fixture
def data_dir(tmp_path, cluster):
    """This test's own data directory, a copy of the cluster; nothing on it outlives the test."""
    data_dir = tmp_path / "data"
    copy_cluster(cluster, data_dir)
    yield data_dir
    kill_leftovers(data_dir)


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda signum: signum.name
)
def test_a_signal_to_the_process_group_stops_the_server_with_runserver(data_dir, signum):
    """Ctrl-C, a `kill -- -PGID` or a closed terminal: the autoreloader, its child, the server."""
    server = start(data_dir)
    wait_serving(server, processes=2)

    signal_group(server, signum)

    # Stopped by the last of them as it exited, not a moment later by the watchdog.
    assert postmasters_of((data_dir / "postgres").resolve()) == []
    assert_nothing_left(data_dir)
    assert users_of(data_dir / "postgres") == []
    serve_and_stop(data_dir)


@pytest.mark.parametrize("victim", ["everyone", "the autoreloader's child", "the autoreloader"])
def test_sigkill_leaves_no_orphan_and_the_next_command_starts(data_dir, victim):
    """The watchdog stops a server whose last user was killed; a surviving child keeps it."""
    server = start(data_dir)
    wait_serving(server, processes=2)
    parent = psutil.Process(server.process.pid)
    (child,) = [process for process in server.group() if process.pid != parent.pid]

    if victim == "everyone":
        signal_group(server, signal.SIGKILL)
    elif victim == "the autoreloader's child":
        child.kill()  # the autoreloader then exits with its child's status
        wait_gone([child, parent])
        server.process.wait(timeout=10)
    else:
        parent.kill()
        server.process.wait(timeout=10)
        # The child still serves, and the server is still its: then it is ended too.
        assert home_page_status(server.port) in (200, 302)
        assert len(postmasters_of((data_dir / "postgres").resolve())) == 1
        child.terminate()
        wait_gone([child])

    assert_nothing_left(data_dir)
    serve_and_stop(data_dir)


def test_two_commands_starting_at_once_on_a_new_checkout_share_one_server(tmp_path):
    """Both create the cluster's folder, one runs initdb, both serve; the last one stops it."""
    data_dir = tmp_path / "data"
    first, second = start(data_dir, reload=False), start(data_dir, reload=False, name="second")
    try:
        wait_serving(first)
        wait_serving(second)
        assert len(postmasters_of((data_dir / "postgres").resolve())) == 1

        signal_group(first, signal.SIGTERM)
        assert wait_serving(second) in (200, 302)  # the server stayed for the other command
        signal_group(second, signal.SIGTERM)
        assert_nothing_left(data_dir)
    finally:
        kill_leftovers(data_dir)


@pytest.mark.parametrize("contents", ["", "[4194312, 41", "\x00\xffgarbage", '{"pids": [1]}'])
def test_an_orphaned_server_with_a_broken_handle_list_is_reused_then_stopped(data_dir, contents):
    """Issue 22's state: a killed `make run` left the server running and its list empty."""
    orphan = orphan_server(data_dir)
    (data_dir / "postgres" / HANDLES).write_text(contents)

    server = start(data_dir, reload=False)
    wait_serving(server)
    assert postmasters_of((data_dir / "postgres").resolve()) == [orphan]  # reused
    assert users_of(data_dir / "postgres") == [server.process.pid]
    signal_group(server, signal.SIGTERM)

    assert_nothing_left(data_dir)


@pytest.mark.parametrize("stale", ["a killed server's", "another process's", "truncated"])
def test_a_stale_postmaster_pid_is_cleared_and_a_fresh_server_started(data_dir, stale):
    """After a crash or a reboot the file names a dead pid, a pid now another program's, or
    was cut short; the next command starts a server all the same."""
    pid_file = data_dir / "postgres" / PID_FILE
    orphan = orphan_server(data_dir)
    lines = pid_file.read_text().splitlines()
    bystander = subprocess.Popen(["sleep", "120"])
    try:
        if stale == "a killed server's":
            psutil.Process(orphan).kill()
            wait_gone([psutil.Process(orphan)])
        else:
            stop_orphan(data_dir)
            kept = [str(bystander.pid), *lines[1:]] if stale == "another process's" else lines[:2]
            pid_file.write_text("\n".join(kept) + "\n")

        serve_and_stop(data_dir)
        assert bystander.poll() is None  # the other program was left alone
    finally:
        bystander.kill()
        bystander.wait()


def test_a_state_it_cannot_repair_ends_with_one_line_saying_what_to_do(tmp_path):
    """A half-created cluster (initdb cut short): a sentence naming the log, no traceback."""
    pgdata = tmp_path / "data" / "postgres"
    pgdata.mkdir(parents=True)
    (pgdata / "PG_VERSION").write_text("18\n")

    result = subprocess.run(
        [sys.executable, MANAGE, "check"],
        cwd=settings.BASE_DIR,
        env=environment(tmp_path / "data"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Embedded database: the server in ")
    assert f"read {pgdata / 'log'}" in line
    assert leftovers(tmp_path / "data") == []

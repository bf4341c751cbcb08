"""The embedded server's list of users and its pid file, read forgivingly and written whole.

See docs/architecture.md, "The embedded database"; test_embedded_db_faults.py runs the same
states through a real runserver.
"""

import json
import os
import subprocess
import time

import psutil
import pytest

from vig_service import embedded_pg
from vig_service.embedded_pg import (
    HANDLES,
    PID_FILE,
    EmbeddedDatabaseError,
    HandleList,
    clear_stale_pid_file,
    is_alive,
)

DEAD = 2**22 + 12345  # above the default pid_max, so never a live process


@pytest.fixture
def handles(tmp_path):
    """A handle list in an empty folder."""
    return HandleList(tmp_path / HANDLES)


@pytest.mark.parametrize(
    ("contents", "read"),
    [
        (b"", []),  # the issue's: truncated by a process killed mid-write
        (b"[12, 3", []),  # cut short
        (b"\x00\xff\xfe garbage", []),
        (b'{"pids": [1]}', []),  # not a list
        (b'[12, "13", true, -4, 1.5, 15]', [12, 15]),  # only pids
        (b"[12, 13]", [12, 13]),
    ],
)
def test_a_broken_handle_file_reads_as_the_pids_it_holds_or_none(handles, contents, read):
    """Never an exception: an unreadable list means no user is left (after a crash)."""
    handles.path.write_bytes(contents)
    assert handles.get() == read


def test_a_missing_handle_file_is_an_empty_list(handles):
    """As the library's own read."""
    assert handles.get() == []
    assert handles.get_and_add(7) == []
    assert json.loads(handles.path.read_text()) == [7]


def test_the_list_is_replaced_whole_and_no_temporary_file_is_left(handles):
    """Written beside and renamed (os.replace), so a reader sees the old list or the new."""
    handles.put([1, 2])
    handles.get_and_add(3)
    handles.get_and_remove(1)
    assert json.loads(handles.path.read_text()) == [2, 3]
    assert [path.name for path in handles.path.parent.iterdir()] == [HANDLES]


def test_a_write_cut_short_leaves_the_old_list(handles, monkeypatch):
    """The rename never happens: the file still holds the last whole list, and no leftover."""
    handles.put([1, 2])

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(embedded_pg.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        handles.put([2])
    assert handles.get() == [1, 2]
    assert [path.name for path in handles.path.parent.iterdir()] == [HANDLES]


def test_dead_and_zombie_users_are_forgotten_and_a_killed_writers_leftover_removed(handles):
    """Only live processes stay; a garbled file is rewritten as a whole list."""
    zombie = subprocess.Popen(["true"])
    while psutil.Process(zombie.pid).status() != psutil.STATUS_ZOMBIE:
        time.sleep(0.01)
    try:
        assert not is_alive(zombie.pid)
        handles.put([DEAD, os.getpid(), zombie.pid])
        leftover = handles.path.with_name(f"{HANDLES}.abc.tmp")
        leftover.write_text("[1")

        assert handles.forget_dead() == [os.getpid()]
        assert json.loads(handles.path.read_text()) == [os.getpid()]
        assert not leftover.exists()
    finally:
        zombie.wait()

    handles.path.write_text("[1, 2")
    assert handles.forget_dead() == []
    assert handles.path.read_text() == "[]"


def _pid_file(pgdata, pid, *, lines=8):
    """A postmaster.pid as PostgreSQL writes it, naming pid, cut to `lines` lines."""
    content = [str(pid), str(pgdata), "1764700000", "5432", str(pgdata), "", "0 0", "ready"]
    (pgdata / PID_FILE).write_text("\n".join(content[:lines]) + "\n")


@pytest.mark.parametrize(
    ("pid", "lines"),
    [(DEAD, 8), (os.getpid(), 8), (os.getpid(), 2), (os.getpid(), 0)],
    ids=["dead pid", "another program's pid", "truncated", "empty"],
)
def test_a_pid_file_no_server_of_the_folder_owns_is_removed(tmp_path, pid, lines):
    """Not a running `postgres -D <folder>`: a crash left it, so the server can start again."""
    _pid_file(tmp_path, pid, lines=lines)
    (tmp_path / ".s.PGSQL.5432.lock").write_text(f"{DEAD}\n{tmp_path}\n")
    (tmp_path / ".s.PGSQL.5433.lock").write_text(f"{os.getpid()}\n{tmp_path}\n")

    clear_stale_pid_file(tmp_path)

    assert not (tmp_path / PID_FILE).exists()
    assert not (tmp_path / ".s.PGSQL.5432.lock").exists()
    assert (tmp_path / ".s.PGSQL.5433.lock").exists()  # a live process's: left for PostgreSQL


def test_a_server_running_without_its_pid_file_is_named_with_what_to_do(tmp_path, monkeypatch):
    """It cannot be adopted or safely removed: the message says which pid to stop."""
    _pid_file(tmp_path, DEAD)
    monkeypatch.setattr(embedded_pg, "postmasters_of", lambda pgdata: [4321])
    monkeypatch.setattr(embedded_pg, "READY_SECONDS", 0)

    with pytest.raises(EmbeddedDatabaseError, match=r"stop it \(kill 4321\) and run the command"):
        clear_stale_pid_file(tmp_path)
    assert (tmp_path / PID_FILE).exists()

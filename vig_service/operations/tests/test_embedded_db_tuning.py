"""The embedded server's own settings: a buffer cache sized from the machine's memory.

See docs/architecture.md, "The embedded database".
"""

import os

import psutil
import pytest
from django.db import connection

from vig_service import embedded_tuning
from vig_service.embedded_tuning import (
    INCLUDE,
    TUNING,
    machine_memory,
    shared_buffers_mb,
    write_tuning,
)

GB = 2**30


@pytest.mark.parametrize(
    ("memory", "megabytes"),
    [(24 * GB, 4096), (8 * GB, 2048), (2 * GB, 512), (256 * 2**20, 128)],
)
def test_the_buffer_cache_is_a_quarter_of_the_memory_within_postgresqls_default_and_4_gb(
    memory, megabytes
):
    assert shared_buffers_mb(memory) == megabytes


@pytest.mark.parametrize(
    ("version", "file"),
    [
        ("v2", "process_api/6427dc/memory.max"),
        ("v1", "memory/process_api/6427dc/memory.limit_in_bytes"),
    ],
)
def test_a_containers_memory_limit_counts_when_it_is_below_the_machines(
    tmp_path, monkeypatch, version, file
):
    """The limit of this process's own group, in either cgroup version, caps the memory."""
    monkeypatch.setattr(embedded_tuning, "CGROUP_ROOT", tmp_path / "cgroup")
    monkeypatch.setattr(embedded_tuning, "PROC_CGROUP", tmp_path / "self")
    (tmp_path / "self").write_text("4:memory:/process_api/6427dc\n0::/process_api/6427dc\n")
    limit = tmp_path / "cgroup" / file
    assert machine_memory() == psutil.virtual_memory().total
    limit.parent.mkdir(parents=True)
    limit.write_text("1073741824\n")
    assert machine_memory() == GB
    # No limit: "max" in v2, a number past any machine's memory in v1.
    limit.write_text("max\n" if version == "v2" else "9223372036854771712\n")
    assert machine_memory() == psutil.virtual_memory().total


def test_the_settings_are_rewritten_at_each_start_and_included_once(tmp_path):
    (tmp_path / "postgresql.conf").write_text("shared_buffers = 128MB\n")
    write_tuning(tmp_path, 8 * GB)
    write_tuning(tmp_path, 2 * GB)
    assert (tmp_path / "postgresql.conf").read_text().count(INCLUDE) == 1
    # Included after the default line, so its value is the one the server takes.
    assert (tmp_path / "postgresql.conf").read_text().rstrip().endswith(INCLUDE)
    assert "shared_buffers = 512MB" in (tmp_path / TUNING).read_text()


def test_a_folder_not_yet_initialised_is_left_for_initdb(tmp_path):
    write_tuning(tmp_path, 8 * GB)
    assert not (tmp_path / TUNING).exists()


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="a server this project did not start")
@pytest.mark.django_db
def test_the_embedded_server_runs_with_the_buffer_cache_sized_from_the_memory():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setting::bigint * 8192 / 2^20 FROM pg_settings WHERE name = 'shared_buffers'"
        )
        (megabytes,) = cursor.fetchone()
    assert megabytes == shared_buffers_mb(machine_memory())

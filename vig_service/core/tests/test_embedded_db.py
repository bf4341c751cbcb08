"""The embedded PostgreSQL server that runs when DATABASE_URL is not set."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.conf import settings

from vig_service.embedded_db import _forget_dead_processes

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import psycopg2
    from vig_service.embedded_db import embedded_database

    db = embedded_database(Path(sys.argv[1]), "vig_probe")
    conn = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"]
    )
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        print(cursor.fetchone()[0])
    conn.close()
    """
)


def test_server_starts_on_demand_creates_the_database_and_stops_cleanly(tmp_path):
    """A fresh directory gets a new cluster and database; the server stops when we exit."""
    data_dir = tmp_path / "data"
    for _ in range(2):  # the second run starts the same cluster again
        result = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(data_dir)],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "vig_probe"
        pgdata = data_dir / "postgres"
        assert (pgdata / "PG_VERSION").exists()
        # pg_ctl stop removes postmaster.pid only after a clean shutdown.
        assert not (pgdata / "postmaster.pid").exists()


def test_processes_killed_without_cleanup_are_forgotten(tmp_path):
    """A pid that no longer exists is dropped, so the last live user still stops the server."""
    pgdata = Path(tmp_path)
    dead = 2**22 + 12345  # above the default pid_max, so never a live process
    (pgdata / ".handle_pids.json").write_text(json.dumps([dead, os.getpid()]))
    _forget_dead_processes(pgdata)
    assert json.loads((pgdata / ".handle_pids.json").read_text()) == [os.getpid()]

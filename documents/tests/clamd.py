"""A real ClamAV daemon for the tests, knowing one signature the tests write: no network.

The signature is the EICAR test string (the anti-virus industry's harmless test file) as a
body signature in ClamAV's .ndb format: any file holding it, anywhere, is "found".
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

# The EICAR test string, assembled so no scanner flags this source file itself.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Vig-Test-Eicar"
CLAMD = shutil.which("clamd") or "/usr/sbin/clamd"


def _answers(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX) as client:
            client.settimeout(1)
            client.connect(str(path))
            client.sendall(b"zPING\0")
            return client.recv(16).startswith(b"PONG")
    except OSError:
        return False


def start(folder: Path, *, wait_seconds: float = 60) -> tuple[subprocess.Popen, Path]:
    """Start clamd in the foreground on a socket in `folder`; returns it and the socket."""
    database = folder / "db"
    database.mkdir(parents=True, exist_ok=True)
    # name : any type of file : at any offset : the bytes, in hex.
    (database / "vig-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    sock = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {database}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nStreamMaxLength 20M\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [CLAMD, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        if _answers(sock):
            return process, sock
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
    raise RuntimeError(f"clamd did not start: {log[-500:]}")

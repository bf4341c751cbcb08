"""The malware scanner: a ClamAV daemon over its socket (settings.CLAMD_SOCKET), or none.

Tests start a real clamd with a signature they write (documents/tests/clamd.py); production
runs Debian's clamav-daemon with freshclam (docs/deployment.md, "Virus checks").
"""

from dataclasses import dataclass

from clamav_client.clamd import ClamdUnixSocket
from django.conf import settings


class ScannerUnavailable(Exception):
    """The daemon could not be reached or did not answer in time."""


@dataclass(frozen=True)
class Verdict:
    """What the scanner said of one file: clean, or the name of what it found."""

    clean: bool
    found: str = ""


def configured() -> bool:
    """Whether a scanner is set up; without one, documents are kept as not checked."""
    return bool(settings.CLAMD_SOCKET)


def scan(stream) -> Verdict:
    """Send the file to clamd (INSTREAM) and read its verdict."""
    client = ClamdUnixSocket(path=settings.CLAMD_SOCKET, timeout=settings.CLAMD_TIMEOUT)
    try:
        result = client.instream(stream)
    except Exception as error:  # the client raises its own errors and the socket's
        raise ScannerUnavailable(str(error)[:200]) from error
    state, found = result.get("stream", ("ERROR", "no answer"))
    if state == "OK":
        return Verdict(clean=True)
    if state == "FOUND":
        return Verdict(clean=False, found=found or "unknown")
    raise ScannerUnavailable(found or state)

"""The security tests' fixture world, and their counts printed at the end of the run."""

import pytest

from tests.security import checks
from tests.security.world import build_world


@pytest.fixture
def world(db, documents_store):
    """Every principal and two families' referrals, cases and cycles."""
    return build_world()


def pytest_terminal_summary(terminalreporter):
    """Say how much the security tests covered: URLs, principals, requests and checks."""
    if not checks.TALLY:
        return
    terminalreporter.write_sep("-", "security coverage")
    terminalreporter.write_line(
        f"URLs in the resolver: {len(checks.named_urls())} named; "
        f"matrix URLs requested: {len(checks.URLS_SEEN)}; "
        f"principals: {len(checks.PRINCIPALS_SEEN)}"
    )
    for key, value in sorted(checks.TALLY.items()):
        terminalreporter.write_line(f"{key}: {value}")

"""Every named URL against every principal: 0 unexpected allows, 0 unexpected denials.

Also checks the security headers on every response, and that every page of a child's record
that renders has written its access row, and every 403 or 404 on one its refusal row.
"""

import pytest
from django.urls import reverse

from tests.security import checks
from tests.security.matrix import ADMIN_PREFIX, ADMIN_PUBLIC, ADMIN_SAMPLES, MATRIX, OK
from tests.security.world import PRINCIPALS, SIGNED_OUT

NAMESPACES = sorted({name.split(":")[0] for name in MATRIX} | {"admin"})


def test_every_url_in_the_resolver_has_a_row_in_the_matrix():
    """A new URL without a row fails here, and so does a row for a URL that is gone."""
    names = checks.named_urls()
    missing = sorted(checks.app_url_names() - set(MATRIX))
    assert not missing, f"URLs with no row in tests/security/matrix.py: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Matrix rows for URLs that no longer exist: {stale}"
    # Unnamed patterns are only the admin's own redirects and catch-all.
    unnamed = [route for name, route in checks.walk() if name is None]
    assert all(route.startswith("django-admin/") for route in unnamed), unnamed
    admin_names = {name for name in names if name.startswith(ADMIN_PREFIX)}
    assert set(ADMIN_SAMPLES) <= admin_names
    assert admin_names >= ADMIN_PUBLIC
    checks.TALLY["matrix rows"] = len(MATRIX) + len(ADMIN_SAMPLES)
    checks.TALLY["admin URLs covered by the admin prefix row"] = len(admin_names)


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_access_matrix(world, namespace):
    """Each principal gets exactly the expected outcome, GET and POST, with the headers."""
    rows = {**MATRIX, **ADMIN_SAMPLES}
    failures = []
    for name, row in rows.items():
        if name.split(":")[0] != namespace:
            continue
        path = reverse(name, kwargs=row.kwargs(world))
        checks.URLS_SEEN.add(name)
        for method in ("GET", "POST"):
            for principal in PRINCIPALS:
                expected = row.expected(method)[principal]
                response, audited = checks.request_cell(world, principal, method, path)
                got = checks.outcome(response)
                checks.TALLY["access checks"] += 1
                checks.TALLY["checks"] += 1
                where = f"{method} {name} ({path}) as {principal}"
                if got != expected:
                    failures.append(f"{where}: expected {expected}, got {got}")
                for problem in checks.header_problems(
                    response, signed_in=principal not in SIGNED_OUT
                ):
                    failures.append(f"{where}: {problem}")
                if audited is not None:
                    checks.TALLY["checks"] += 1
                    refused = response.status_code in (403, 404)
                    checks.TALLY["refusal rows checked" if refused else "access rows checked"] += 1
                    if not audited:
                        failures.append(
                            f"{where}: a {response.status_code} but no refusal row"
                            if refused
                            else f"{where}: the page rendered but no access row"
                        )
                if expected == OK and got == OK:
                    checks.TALLY["allowed cells"] += 1
    assert not failures, "\n".join(failures)

"""Every named URL against every principal: 0 unexpected allows, 0 unexpected denials.

Also checks the security headers on every response, and that every page of a child's record
that renders has written its access row, and every 403 or 404 on one its refusal row.
"""

import dataclasses

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security import checks
from tests.security.matrix import ADMIN_PREFIX, ADMIN_PUBLIC, ADMIN_SAMPLES, MATRIX, OK
from tests.security.world import PRINCIPALS, RESTRICTED_TO, SIGNED_OUT

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


# Rows whose URL pairs a family's record with one of family A's documents: for family R, the
# document is not on R's record, so not found for everyone.
ELSEWHERE = {
    "documents:case_download",
    "documents:case_check_again",
    "documents:referral_download",
}

# Rows that are not R's records in this world: R's two referrals are already one child (no
# match to offer), and each family's merge is between two children of its own.
NOT_RS = {"referrals:match", "referrals:merge_undo"}


def _restricted_rows(world):
    """(name, path, row) for every URL that names a record of family A, filled with family R's.

    The family's own pages (behind a token) are left out: a restriction is on staff.
    """
    restricted = dataclasses.replace(world, a=world.r)
    for name, row in MATRIX.items():
        kwargs = row.kwargs(restricted)
        if kwargs == row.kwargs(world) or "token" in kwargs or name in NOT_RS:
            continue
        if kwargs.get("pk") == world.r.draft.pk:
            continue  # a draft is no child's yet: the owner's alone, restricted or not
        yield name, reverse(name, kwargs=kwargs), row


def test_the_restricted_childs_records_are_not_found_for_everyone_but_the_named(world):
    """Family R's records: where a principal would open family A's, they get a 404 (and a
    refusal row), whatever their role, unless they are the one named; the named coordinator
    gets what they get on family A's."""
    failures, rows = [], list(_restricted_rows(world))
    # Lifting last: a cell is rolled back, but keep the restriction's own page before it.
    rows.sort(key=lambda item: item[0].endswith("restriction_lift"))
    for name, path, row in rows:
        for method in ("GET", "POST"):
            for principal in PRINCIPALS:
                on_a = row.expected(method)[principal]
                named = principal == RESTRICTED_TO and name not in ELSEWHERE
                # Where family A's record opens, R's is not found; where a role may read A's
                # but not change it (403), R's may as well not exist (404).
                expected = {on_a} if named or on_a not in (OK, 403) else {404, on_a} - {OK}
                response, audited = checks.request_cell(world, principal, method, path)
                got = checks.outcome(response)
                checks.TALLY["restricted record checks"] += 1
                where = f"{method} {name} ({path}) as {principal}"
                if got not in expected:
                    failures.append(f"{where}: expected {expected}, got {got}")
                if audited is False:
                    failures.append(f"{where}: a {response.status_code} not audited")
    assert len(rows) > 50
    assert not failures, "\n".join(failures)


# A number no id can be, past what PostgreSQL's bigint holds.
HUGE = 10**20
SCOPED = ("owner", "coordinator", "guider", "supervisor", "manager", "administrator")


def test_a_guessed_record_number_too_big_for_any_id_is_not_found_never_an_error(world):
    """Every URL that names a record by number, with a number past bigint, for each role:
    no 500 (the compiled queries bind it where PostgreSQL would refuse it)."""
    failures = []
    for name, row in MATRIX.items():
        kwargs = row.kwargs(world)
        numbers = {key: HUGE for key, value in kwargs.items() if isinstance(value, int)}
        if not numbers:
            continue
        path = reverse(name, kwargs={**kwargs, **numbers})
        for principal in SCOPED:
            with transaction.atomic():
                client = checks.client_as(world, principal, raise_request_exception=False)
                status = client.get(path).status_code
                transaction.set_rollback(True)
            checks.TALLY["requests"] += 1
            if status >= 500:
                failures.append(f"GET {name} ({path}) as {principal}: {status}")
    assert not failures, "\n".join(failures)

"""The leak scan: every page, as every principal, for both families' records.

Each child carries a unique marker in its name and free text (and its case's notes another);
a marker on a page shown to someone who may not see that child is a leak. Family R's child is
restricted to the coordinator: every page is also fetched with R's records, and its markers
and references must reach no one else, administrators' audit and export pages included.
"""

import dataclasses

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.security import checks
from tests.security.matrix import ADMIN_SAMPLES, MATRIX, referral
from tests.security.world import MAY_SEE, PRINCIPALS, RECORDS, RESTRICTED, RESTRICTED_TO, marker

# Pages where an administrator may see a child's details, and why.
ADMINISTRATOR_MAY_SEE = {
    "audit:changes": "the field-level change history is shown to administrators by design",
    "privacy:subject_access_download": (
        "a subject-access export: everything held about the child, for the administrator "
        "answering the request (and recorded in the audit)"
    ),
}
PAGES = [(name, row.kwargs) for name, row in {**MATRIX, **ADMIN_SAMPLES}.items()] + [
    # The same pages for the family's other records.
    ("referrals:detail", referral("allocated")),
    ("referrals:confirmation", referral("allocated")),
    ("audit:changes", referral("submitted")),
]


def _admin_pages():
    """Every model in the Django admin: its list, and the change page of its first record."""
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])


def _fetch_all(world, principal):
    """(url name, family whose records fill the URL, body) for every page the principal gets."""
    swapped = dataclasses.replace(world, a=world.b, b=world.a)
    restricted = dataclasses.replace(world, a=world.r, b=world.a)
    client = checks.client_as(world, principal)
    for name, kwargs in PAGES:
        for family, view in (("a", world), ("b", swapped), (RESTRICTED, restricted)):
            response = client.get(reverse(name, kwargs=kwargs(view)))
            checks.TALLY["leak scan pages"] += 1
            if response.status_code == 200:
                yield name, family, checks.body_of(response)
    for path in _admin_pages():
        response = client.get(path)
        checks.TALLY["leak scan pages"] += 1
        if response.status_code == 200:
            yield path, "any", checks.body_of(response)


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_no_child_marker_reaches_a_principal_who_may_not_see_that_child(world, principal):
    """Markers appear only for the people allowed to see each family's records."""
    leaks, seen = [], set()
    # The restricted child's references, which name it in audit rows, exports and lists.
    references = (world.r.submitted.reference, world.r.allocated.reference)
    for name, family, body in _fetch_all(world, principal):
        for owner_family, rules in MAY_SEE.items():
            for record in RECORDS:
                mark = marker(owner_family, record)
                checks.TALLY["checks"] += 1
                checks.TALLY["leak checks"] += 1
                if mark not in body:
                    continue
                seen.add((owner_family, record))
                allowed = principal in rules[record] or (
                    principal == "administrator"
                    and name in ADMINISTRATOR_MAY_SEE
                    and owner_family != RESTRICTED
                )
                if not allowed:
                    leaks.append(f"{name} (family {family}'s URL) shows {mark} to {principal}")
        if principal != RESTRICTED_TO:
            for reference in references:
                checks.TALLY["checks"] += 1
                if reference in body:
                    leaks.append(
                        f"{name} (family {family}'s URL) shows {reference} to {principal}"
                    )
    assert not leaks, "\n".join(leaks)
    # The scan has teeth: each principal allowed to see a record does find its marker.
    expected = {
        (family, record)
        for family, rules in MAY_SEE.items()
        for record in RECORDS
        if principal in rules[record]
    }
    assert expected <= seen, f"{principal} never saw {sorted(expected - seen)}"

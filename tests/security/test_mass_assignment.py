"""Mass assignment: extra fields posted with each form change nothing.

Each form is sent as a browser would send it (its own values), once as it is and once with
extra fields naming things the form does not offer (status, guider, created_by, referrer,
version, roles...). Both are rolled back; the records must end the same either way.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from cases.models import Case, Consent
from cycles.models import Cycle
from referrals.models import Referral
from tests.security import checks
from tests.security.matrix import MATRIX, OK
from tests.security.world import PRINCIPALS
from vig_service.accounts.models import User


class _Forms(HTMLParser):
    """The POST forms of a page that post back to it: their fields as a browser sends them."""

    def __init__(self, path):
        super().__init__()
        self.path, self.forms, self.current, self.select, self.textarea = (
            path,
            [],
            None,
            None,
            None,
        )

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.path
            if a.get("method", "get").lower() == "post" and action.split("?")[0] == self.path:
                self.current = {}
                self.forms.append(self.current)
            return
        if self.current is None or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button"):
                self.current.setdefault(a["name"], []).append(a.get("value", "on"))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select:
            if "selected" in a or self.select not in self.current:
                self.current[self.select] = [a.get("value", "")]
        elif tag == "textarea":
            self.textarea = a["name"]
            self.current[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea][0] += data


def _snapshot():
    """What mass assignment would change: statuses, owners, versions, roles."""
    return {
        "referrals": list(
            Referral.objects.order_by("pk").values_list(
                "pk", "status", "referrer_id", "team_id", "reference", "version", "eligible"
            )
        ),
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk", "status", "guider_id", "co_worker_id", "referral_id", "version"
            )
        ),
        "cycles": list(
            Cycle.objects.order_by("pk").values_list("pk", "status", "case_id", "version")
        ),
        "consents": list(
            Consent.objects.order_by("pk").values_list("pk", "case_id", "recorded_by_id")
        ),
        "users": list(
            User.objects.order_by("pk").values_list(
                "pk", "email", "is_active", "is_staff", "is_superuser", "supervisor_id", "team_id"
            )
        ),
        "roles": list(Group.objects.order_by("name").values_list("name", "user")),
    }


def _send(client, path, data):
    """POST and roll back; the snapshot names rows created by the POST "new", not by id."""
    before = {table: {row[0] for row in rows} for table, rows in _snapshot().items()}
    with transaction.atomic():
        response = client.post(path, data)
        after = {
            table: [row if row[0] in before[table] else ("new", *row[1:]) for row in rows]
            for table, rows in _snapshot().items()
        }
        transaction.set_rollback(True)
    return response.status_code, after


def _extras(world):
    other = world.users["other_guider"]
    return {
        "status": "closed",
        "guider": other.pk,
        "co_worker": other.pk,
        "created_by": other.pk,
        "referrer": world.users["other_referrer"].pk,
        "recorded_by": other.pk,
        "version": "999",
        "reference": "VIG-HACKED",
        "case": world.b.case.pk,
        "referral": world.b.submitted.pk,
        "team": world.b.submitted.team_id,
        "is_staff": "on",
        "is_superuser": "on",
        "groups": Group.objects.values_list("pk", flat=True).first(),
        "eligible": "True",
    }


@pytest.mark.parametrize("namespace", sorted({name.split(":")[0] for name in MATRIX}))
def test_extra_fields_posted_with_any_form_change_nothing(world, namespace):
    """For every form page, the records end the same with or without the extra fields."""
    differences, sent = [], 0
    for name, row in MATRIX.items():
        if name.split(":")[0] != namespace:
            continue
        allowed = [p for p in PRINCIPALS if p != "anonymous" and row.get[p] == OK]
        if not allowed:
            continue
        principal = allowed[0]
        client = checks.client_as(world, principal)
        path = reverse(name, kwargs=row.kwargs(world))
        page = client.get(path)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue  # downloads (CSV, the subject-access zip) have no forms
        parser = _Forms(path)
        parser.feed(page.content.decode())
        for fields in parser.forms:
            extras = {k: v for k, v in _extras(world).items() if k not in fields}
            plain_status, plain = _send(client, path, fields)
            extra_status, extra = _send(client, path, {**fields, **extras})
            sent += 1
            checks.TALLY["mass assignment posts"] += 2
            checks.TALLY["checks"] += 1
            if plain != extra or plain_status != extra_status:
                changed = sorted(table for table in plain if plain[table] != extra[table])
                differences.append(
                    f"{name} as {principal}: extra fields {sorted(extras)} mattered "
                    f"(status {plain_status} without them, {extra_status} with; "
                    f"tables that differ: {changed})"
                )
            if plain_status == 302:
                checks.TALLY["mass assignment forms accepted"] += 1
    assert not differences, "\n".join(differences)
    if namespace in ("referrals", "cases", "cycles", "core", "audit"):
        assert sent > 0, f"no form was found to send in {namespace}"

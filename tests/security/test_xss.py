"""A <script> marker in every text field renders escaped on every page that shows it, and
markup in any data that becomes a form's label or hint renders escaped on every form."""

import dataclasses

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse

from cases.models import CaseSettings
from cycles.models import Clip
from tests.fuzz.pages import GET_PAGES, PAGES
from tests.security import checks
from tests.security.matrix import ADMIN_SAMPLES, MATRIX
from tests.security.world import PRINCIPALS, SIGNED_OUT

PAYLOAD = "<script>xss()</script>"
ESCAPED = "&lt;script&gt;xss()&lt;/script&gt;"
APPS = ("referrals", "cases", "cycles", "accounts", "core", "audit")
# Text that is not free text: addresses that must stay valid and references used as keys
# (a sign-in provider's short name is in its URL, and the database holds it to a slug).
NOT_FREE_TEXT = {"password", "reference", "email", "contact_email", "signup_domains", "slug"}


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        if isinstance(field, models.EmailField) or field.choices or field.primary_key:
            continue
        if field.name in NOT_FREE_TEXT or field.name.startswith("pgh_"):
            continue
        if field.max_length is not None and field.max_length < len(PAYLOAD) + 10:
            continue
        yield field.name


def plant_payload(payload: str = PAYLOAD, apps_: tuple[str, ...] = APPS) -> int:
    """Put the payload in every free-text field of every record; return the fields changed."""
    changed = 0
    for label in apps_:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy or not model._meta.managed or label == "audit":
                continue
            names = list(_text_fields(model))
            if names:
                # Each row's own id after the payload keeps unique names unique.
                value = Concat(Value(payload), Cast("pk", models.CharField()))
                model._default_manager.update(**dict.fromkeys(names, value))
                changed += len(names)
    CaseSettings.load()
    CaseSettings.objects.update(principles=[payload, "Being attentive"])
    Clip.objects.update(principles=[payload])
    return changed


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_script_in_every_text_field_is_escaped_on_every_page(world, principal):
    """No page shows the payload as markup; pages that show it show it escaped."""
    fields = plant_payload()
    assert fields > 40  # the planting reached the models' free text
    client = checks.client_as(world, principal)
    swapped = dataclasses.replace(world, a=world.b, b=world.a)
    unescaped, escaped_pages = [], 0
    for name, row in {**MATRIX, **ADMIN_SAMPLES}.items():
        for view in (world, swapped):
            response = client.get(reverse(name, kwargs=row.kwargs(view)))
            checks.TALLY["xss pages"] += 1
            checks.TALLY["checks"] += 1
            if not response.get("Content-Type", "").startswith("text/html"):
                # A CSV download keeps the text as it is; nosniff (checked on every response
                # by the matrix) stops a browser treating it as a page.
                continue
            body = checks.body_of(response)
            if PAYLOAD in body or "<script>xss" in body:
                unescaped.append(f"{name} as {principal}")
            escaped_pages += ESCAPED in body
    assert not unescaped, "Unescaped <script> on:\n" + "\n".join(sorted(set(unescaped)))
    if principal not in SIGNED_OUT:
        # At least the header's name and the pages they may open show the escaped text.
        assert escaped_pages > 0


LABEL_PAYLOAD = "<b>x</b><script>xss()</script>"
FORM_PAGES = {**PAGES, **{name: make for name, (make, _) in GET_PAGES.items()}}


def test_markup_in_data_is_escaped_in_every_forms_labels_and_hints(client, db):
    """Questions' wording, names, headings…: whatever data a form's labels are built from, the
    form shows it as text, never as markup.

    Every form page's records are made first and the markup planted once in all of them, so
    one pass over the pages checks them all.
    """
    made = {page: FORM_PAGES[page]() for page in sorted(FORM_PAGES)}
    plant_payload(LABEL_PAYLOAD, (*APPS, "training"))
    problems = []
    for page, (user, url) in made.items():
        client.force_login(user)
        response = client.get(url)
        body = response.content.decode()
        if response.status_code not in (200, 405):
            problems.append(f"{page}: status {response.status_code}")
        elif "<b>x</b>" in body or "<script>xss" in body:
            problems.append(f"{page}: markup from the data shown unescaped")
    assert not problems, "\n".join(problems)
    assert len(made) >= 60, "every form page, POST and GET, is checked"


def test_the_shared_review_shows_a_helping_questions_wording_as_text(client, db):
    """The reported case: the wording of a question is the rating's label, escaped."""
    user, url = PAGES["cycle shared review"]()
    plant_payload(LABEL_PAYLOAD, ("cases",))
    client.force_login(user)

    body = client.get(url).content.decode()

    assert 'for="id_rating_' in body  # the question's rating field is on the page
    assert "&lt;b&gt;x&lt;/b&gt;&lt;script&gt;xss()&lt;/script&gt;" in body
    assert "<b>x</b>" not in body

"""Injection and mass assignment: forms list their fields, markup and SQL stay in reviewed
places, and sign-in and sign-out redirects stay on the site."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from tests.security import checks
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

BASE = Path(settings.BASE_DIR)
PROJECT_PACKAGES = (
    "vig_service",
    "referrals",
    "cases",
    "cycles",
    "training",
    "diary",
    "documents",
    "reports",
    "bench",
)

# Constructs that switch off escaping or reach the database around the ORM.
DANGEROUS = {
    "|safe": re.compile(r"\|\s*safe\b"),
    "safeseq": re.compile(r"\|\s*safeseq\b"),
    "autoescape off": re.compile(r"{%\s*autoescape\s+off"),
    "mark_safe": re.compile(r"\bmark_safe\s*\("),
    "SafeString": re.compile(r"\bSafeString\s*\("),
    # format_html escapes its arguments; an f-string or no arguments defeats that.
    "format_html misuse": re.compile(
        r"\bformat_html\s*\(\s*f?[\"'][^\"']*[\"']\s*\)|format_html\(\s*f[\"']"
    ),
    ".raw(": re.compile(r"\.raw\s*\("),
    "cursor.execute": re.compile(r"\bcursor\.execute\s*\("),
    "extra(": re.compile(r"\.extra\s*\("),
    "RawSQL": re.compile(r"\bRawSQL\s*\("),
}

# The reviewed list: (file, construct) -> why it is safe. Keep it short.
ALLOWED = {
    **{
        (path, "autoescape off"): "plain-text e-mail body, never rendered as HTML"
        for path in (
            "vig_service/accounts/templates/accounts/email/invitation.txt",
            "vig_service/accounts/templates/accounts/email/signup_confirm.txt",
            "vig_service/accounts/templates/accounts/email/password_reset.txt",
            "vig_service/accounts/templates/accounts/email/signup_existing.txt",
            "vig_service/accounts/templates/accounts/email/signup_deactivated.txt",
            "referrals/templates/referrals/email/submitted.txt",
            "referrals/templates/referrals/email/new_referral.txt",
            "referrals/templates/referrals/email/status_changed.txt",
            "vig_service/audit/templates/audit/email/access_alert.txt",
            "cases/templates/cases/email/extension_decided.txt",
            "cases/templates/cases/email/allocated.txt",
            "cases/templates/cases/email/closed.txt",
            "training/templates/training/email/stage_signed_off.txt",
            "training/templates/training/email/accredited.txt",
            "vig_service/audit/templates/audit/email/denial_alert.txt",
            "documents/templates/documents/email/quarantined.txt",
            "diary/templates/diary/email/digest.txt",
        )
    },
    ("vig_service/operations/backups.py", "cursor.execute"): (
        "counts tables and creates the restore database: a bound parameter, and the name "
        "through psycopg2.sql.Identifier"
    ),
    ("vig_service/operations/kept_counts.py", "cursor.execute"): (
        "the kept tables' rebuild: table names from the module's own constants and the "
        "migrations' fixed BACKFILL statements; no value from a user"
    ),
    ("vig_service/operations/postgres.py", "cursor.execute"): (
        "row counts and checksums per table: names come from pg_tables and are quoted as "
        "identifiers, never from a user"
    ),
    ("vig_service/audit/services.py", "cursor.execute"): (
        "the look-up row's prepared INSERT: every value a bound parameter, the table and "
        "column names from the model's own fields, the child's subquery written by the ORM"
    ),
    ("bench/children.py", "cursor.execute"): (
        "the benchmark's constant statement linking seeded referrals to children, and the "
        "trigger names bound as a parameter; the bench app is installed with DEBUG only"
    ),
    ("diary/templatetags/team_week.py", "SafeString"): (
        "the team week's table body for thousands of guiders: fixed markup joined with each "
        "name escaped by html.escape and each appointment line built by format_html"
    ),
    ("cases/templatetags/cases_tags.py", "SafeString"): (
        "a cases table's row and a case's sub-navigation written in one pass: every value "
        "escaped with html.escape, the next action by format_html, the tabs' labels constants"
    ),
    ("vig_service/core/templatetags/list_filters.py", "SafeString"): (
        "a list filter's checkboxes (hundreds of teams nationally): fixed markup with every "
        "name, value and label escaped by html.escape"
    ),
    ("referrals/templatetags/referrals_tags.py", "mark_safe"): (
        "the queue's rows: fixed markup with every reference, name, team and cell escaped by "
        "html.escape (a test puts markup in each), and the fixed 'Not answered' hint"
    ),
    ("vig_service/core/templatetags/page_chrome.py", "mark_safe"): (
        "the kept header and footer: rendered by Django's templates with autoescape, their "
        "slot markers fixed strings, and each slot's value escaped or Django's csrf_input"
    ),
    ("vig_service/reports/templatetags/report_tables.py", "SafeString"): (
        "a report table's body for thousands of guiders: fixed markup with every label, "
        "figure, link and column name escaped by conditional_escape (its test compares it "
        "with the template loop it replaced)"
    ),
    ("vig_service/operations/views.py", "cursor.execute"): (
        "the health check's constant SELECT 1"
    ),
    ("bench/rows.py", "cursor.execute"): (
        "benchmark data: table and column names from the models' own _meta, values bound "
        "or streamed through COPY"
    ),
    ("bench/management/commands/seed_scale.py", "cursor.execute"): (
        "a constant ANALYZE / VACUUM ANALYZE after loading benchmark data"
    ),
    ("vig_service/reports/queries.py", "cursor.execute"): (
        "weighted means over the report summaries: table and column names are constants in "
        "the calls, the dates bound"
    ),
    ("vig_service/reports/summaries/install.py", "cursor.execute"): (
        "the summaries' own trigger and rebuild statements, built from constant names"
    ),
    ("vig_service/reports/summaries/read.py", "cursor.execute"): (
        "percentiles from the summaries' histograms: the grouping is one of two constants, "
        "every value bound"
    ),
    ("cases/selectors/waits.py", "cursor.execute"): (
        "a month's median wait as two positions of an index: a constant statement, the zone, "
        "names and months bound"
    ),
    ("vig_service/core/compiled.py", ".raw("): (
        "runs SQL the ORM itself compiled from a queryset (core.compiled); every value bound"
    ),
    ("vig_service/core/compiled.py", "cursor.execute"): (
        "runs SQL the ORM itself compiled from a queryset (core.compiled); every value bound"
    ),
    ("vig_service/embedded_db.py", "cursor.execute"): (
        "creates the embedded database: a bound parameter, and the name through "
        "psycopg2.sql.Identifier"
    ),
}


def _project_files():
    for package in PROJECT_PACKAGES:
        root = BASE / package
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or not path.is_file():
                continue
            relative = path.relative_to(BASE).as_posix()
            if "/tests/" in relative or "/migrations/" in relative:
                continue
            yield relative, path.read_text(encoding="utf-8")
    for path in (BASE / "templates").rglob("*.html"):
        yield path.relative_to(BASE).as_posix(), path.read_text(encoding="utf-8")


def test_no_unreviewed_safe_markup_or_raw_sql():
    """|safe, mark_safe, misused format_html and raw SQL only where the list says why."""
    found = set()
    for relative, text in _project_files():
        for construct, pattern in DANGEROUS.items():
            checks.TALLY["checks"] += 1
            if pattern.search(text):
                found.add((relative, construct))
    unreviewed = sorted(found - set(ALLOWED))
    assert not unreviewed, f"Review these and add them to ALLOWED with a reason: {unreviewed}"
    stale = sorted(set(ALLOWED) - found)
    assert not stale, f"ALLOWED entries no longer needed: {stale}"


def test_the_dangerous_patterns_do_match_what_they_are_for():
    """The scan would see the misuse it looks for."""
    samples = {
        "|safe": "{{ referral.notes|safe }}",
        "mark_safe": "mark_safe(text)",
        "format_html misuse": 'format_html(f"<b>{name}</b>")',
        ".raw(": "Referral.objects.raw('SELECT 1')",
        "cursor.execute": "cursor.execute(sql)",
        "extra(": "qs.extra(where=['1=1'])",
    }
    for construct, sample in samples.items():
        assert DANGEROUS[construct].search(sample), construct
    assert not DANGEROUS["format_html misuse"].search('format_html("<b>{}</b>", name)')


def _project_modules():
    for package in PROJECT_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
            if "forms" in info.name and ".tests" not in info.name:
                importlib.import_module(info.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_model_form_takes_all_fields_or_excludes_some():
    """Every ModelForm names its fields, so a new model field is never writable by accident."""
    _project_modules()
    ours = [
        form
        for form in _subclasses(forms.ModelForm)
        if form.__module__.split(".")[0] in PROJECT_PACKAGES
    ]
    assert len(ours) >= 5
    for form in ours:
        if form._meta.model is None:
            continue  # an abstract base; its subclasses name the model and fields
        checks.TALLY["checks"] += 1
        assert form._meta.fields not in (None, "__all__"), form
        assert not form._meta.exclude, form


EVIL = ["https://evil.example", "//evil.example", "/\\evil.example", "https:evil.example"]


def _stays_on_site(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", EVIL)
def test_sign_in_never_redirects_off_the_site(client, db, target):
    """next= pointing elsewhere is ignored, after signing in or when already signed in."""
    user = CoordinatorFactory(email="cora@example.org")
    url = reverse("accounts:login")
    page = client.get(url, {"next": target})
    assert page.status_code == 200
    response = client.post(
        f"{url}?next={target}", {"username": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]
    assert response["Location"] == reverse("core:home")
    # Signed in, the sign-in page sends the user on, never to the other site.
    again = client.get(url, {"next": target})
    assert _stays_on_site(again["Location"]), again["Location"]
    checks.TALLY["checks"] += 3


@pytest.mark.parametrize("target", EVIL)
def test_sign_out_never_redirects_off_the_site(client, db, target):
    """Sign-out with next= elsewhere ends at the sign-in page."""
    client.force_login(CoordinatorFactory())
    response = client.post(f"{reverse('accounts:logout')}?next={target}", {"next": target})
    assert response.status_code == 302
    assert _stays_on_site(response["Location"]), response["Location"]
    checks.TALLY["checks"] += 1


@pytest.mark.parametrize("target", EVIL)
def test_the_sign_in_redirect_for_anonymous_visitors_keeps_next_on_the_site(client, db, target):
    """An anonymous visit to a page sends them to sign in with next= that page, not elsewhere."""
    response = client.get(reverse("referrals:queue"), {"next": target})
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(reverse("accounts:login"))
    assert "next=/referrals/queue/" in location

"""End-to-end fixtures: Debian's Chromium driven by Playwright against a live server, plus axe."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    # The machine has no outside network; stop Chromium trying to reach Google.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DEMO_PASSWORD = "demo-pass-2026"

_axe = Axe()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session; missing Chromium fails loudly, never skips."""
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"Chromium was not found at {CHROMIUM_PATH}. Browser tests need it: install it with "
            "`sudo apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a "
            "Chromium or Chrome binary. `.ci/run` installs it automatically.",
            pytrace=False,
        )
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM
    # calls from such a thread unless told otherwise; tests here read the database directly.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db, monkeypatch, settings):
    """The demo service and its six accounts, as `make run` creates them."""
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    # Hashing a dozen demo passwords properly takes seconds per test; the browser signs in
    # through the same live server, so a fast hasher changes nothing a person would see.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def page(browser, live_server, transactional_db):
    """A fresh browser tab (own cookies) pointed at the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def assert_accessible(page: Page) -> None:
    """Run axe on the page as it stands: no WCAG 2.2 A or AA violations."""
    results = None
    # A click that submits a form returns before the next page has loaded; axe run into the
    # gap between documents finds no document at all, so wait for the page and try again.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            break
        except PlaywrightError as error:
            between_pages = "documentElement" in str(error) or "context was destroyed" in str(
                error
            )
            if not between_pages or attempt == 2:
                raise
            page.wait_for_timeout(200)
    assert results.violations_count == 0, (
        f"axe found accessibility problems on {page.url}:\n{results.generate_report()}"
    )


def fill_date(page: Page, legend: str, day) -> None:
    """Type a date into the GOV.UK date input whose fieldset is `legend`."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form as a person would, checking the sign-in page with axe."""
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()

"""Privacy pages in a real browser: an administrator sets retention and downloads a child's
records, with axe on every page."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from referrals.models import Referral
from tests.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_administrator_sets_retention_and_downloads_a_subject_access_bundle(page, demo_data):
    """The Privacy tab saves periods; Subject access refuses a wrong reference, then downloads."""
    sign_in(page, "admin@example.org")
    nav = page.get_by_role("navigation", name="Primary navigation")
    nav.get_by_role("link", name="Configuration", exact=True).click()
    page.get_by_role("link", name="Privacy", exact=True).click()
    expect(page.get_by_role("heading", name="Privacy settings")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Months to keep a closed case").fill("0")
    page.get_by_role("button", name="Save privacy settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Months to keep a closed case must be 1")
    assert_accessible(page)
    page.get_by_label("Months to keep a closed case").fill("84")
    page.get_by_role("button", name="Save privacy settings").click()
    expect(page.get_by_text("Privacy settings saved")).to_be_visible()

    nav.get_by_role("link", name="Subject access").click()
    expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Referral reference").fill("VIG-1999-00001")
    page.get_by_role("button", name="Download everything held").click()
    expect(page.get_by_role("alert")).to_contain_text("There is no referral with the reference")
    assert_accessible(page)

    referral = Referral.objects.exclude(reference=None).order_by("pk").first()
    page.get_by_label("Referral reference").fill(referral.reference)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download everything held").click()
    content = download_info.value.path().read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        data = json.loads(bundle.read(next(n for n in bundle.namelist() if n.endswith(".json"))))
    assert data["reference"] == referral.reference
    assert referral.child_first_name in json.dumps(data, ensure_ascii=False)

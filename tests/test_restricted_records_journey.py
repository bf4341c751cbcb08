"""A coordinator restricts a child's records to themselves in the browser; a second coordinator
(who also keeps the audit) then finds the child nowhere: the referral and case pages are not
found, and the queue, the referrals CSV and the audit search hold nothing of them."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from cycles.tests.factories import ActiveCaseFactory
from referrals.children import Child, ChildEvent
from referrals.tests.factories import SubmittedReferralFactory
from tests.conftest import assert_accessible, sign_in
from vig_service.accounts.roles import Role
from vig_service.accounts.tests.factories import PASSWORD, CoordinatorFactory

pytestmark = pytest.mark.browser

NAME = "Tamsin Qrestrictedchild"


def test_a_restricted_child_disappears_for_a_second_coordinator(page: Page):
    child = Child.objects.create()
    first, last = NAME.split()
    case = ActiveCaseFactory(
        referral__child=child, referral__child_first_name=first, referral__child_last_name=last
    )
    # The child referred again, waiting in the queue.
    again = SubmittedReferralFactory(child=child, child_first_name=first, child_last_name=last)
    cora = CoordinatorFactory(full_name="Cora Coordinator")
    carl = CoordinatorFactory(
        full_name="Carl Coordinator", roles=[Role.COORDINATOR, Role.ADMINISTRATOR]
    )

    # Before the restriction, the second coordinator reads the case: the audit has the visit.
    sign_in(page, carl.email, PASSWORD)
    page.goto(reverse("cases:overview", args=[case.pk]))
    expect(page.get_by_text(NAME).first).to_be_visible()
    page.context.clear_cookies()

    sign_in(page, cora.email, PASSWORD)
    page.goto(reverse("referrals:detail", args=[again.pk]))
    page.get_by_role("link", name="Restrict these records").click()
    expect(page.get_by_role("heading", name="Restrict these records")).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_label("Cora Coordinator (Coordinator)")).to_be_checked()
    # Nothing typed, and herself unticked: both are told, beside their questions.
    page.get_by_label("Cora Coordinator (Coordinator)").uncheck()
    page.get_by_role("button", name="Restrict these records").click()
    expect(page.get_by_role("link", name="Select who may see these records")).to_be_visible()
    expect(page.get_by_role("link", name="Enter why the records are restricted")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Cora Coordinator (Coordinator)").check()
    page.get_by_label("Why are these records restricted?").fill("A colleague's own family")
    page.get_by_role("button", name="Restrict these records").click()
    expect(page.get_by_text("Records restricted to the staff named")).to_be_visible()
    expect(page.get_by_text("Only these staff can see this child's records")).to_be_visible()
    assert ChildEvent.objects.get(child=child).action == ChildEvent.Action.RESTRICTED

    page.get_by_role("link", name="Restricted records").first.click()
    expect(page.get_by_role("heading", name="Restricted records")).to_be_visible()
    expect(page.get_by_text(f"{NAME}, {again.reference}")).to_be_visible()
    assert_accessible(page)
    # On a phone: the restriction's page, with its history, fits and passes axe.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("cases:restrict", args=[case.pk]))
    expect(page.get_by_role("heading", name="Change who can see these records")).to_be_visible()
    expect(page.get_by_role("cell", name="Records restricted")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    page.context.clear_cookies()

    sign_in(page, carl.email, PASSWORD)
    for url in (
        reverse("referrals:detail", args=[again.pk]),
        reverse("cases:overview", args=[case.pk]),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(reverse("referrals:queue"))
    expect(page.get_by_role("heading", name="Referral queue")).to_be_visible()
    expect(page.get_by_text(NAME)).to_have_count(0)
    expect(page.get_by_text(again.reference)).to_have_count(0)
    csv = page.request.get(reverse("reports:referrals_csv")).text()
    assert "Reference" in csv
    assert again.reference not in csv
    assert case.referral.reference not in csv
    page.goto(reverse("audit:events"))
    page.get_by_label("Child's referral reference").fill(case.referral.reference)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No records were opened")).to_be_visible()
    expect(page.get_by_role("link", name="Restricted records")).to_have_count(1)
    page.get_by_role("link", name="Restricted records").click()
    expect(page.get_by_text("No restriction names you")).to_be_visible()

"""Every form sent empty, as a browser sends it: each error-summary link lands on an input.

GOV.UK's error summary links each message to the first input of its question (the Day box of
a date, the first radio or checkbox), and the page title starts "Error:". The forms are the
fuzz suite's (tests/fuzz/test_forms.py) plus the account pages.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from referrals.tests.factories import SubmittedReferralFactory
from tests.fuzz.forms import form_fields
from tests.fuzz.pages import PAGES
from vig_service.accounts.tests.factories import (
    AdministratorFactory,
    CoordinatorFactory,
    GuiderFactory,
    InvitedUserFactory,
    ManagerFactory,
    ReferrerFactory,
)
from vig_service.accounts.tokens import password_reset_token_generator, set_password_path_args
from vig_service.core.models import ServiceConfiguration

FOCUSABLE = {"input", "select", "textarea", "button", "a"}


def _anonymous(name):
    def make():
        return None, reverse(name)

    return make


def _signed_in(name, factory, *, own=False):
    def make():
        user = factory()
        return user, reverse(name, args=[user.pk] if own else [])

    return make


def _user_edit():
    return AdministratorFactory(), reverse("accounts:user_edit", args=[ReferrerFactory().pk])


def _set_password():
    uidb64, token = set_password_path_args(InvitedUserFactory())
    return None, reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})


def _reset_password():
    user = ReferrerFactory()
    uidb64 = set_password_path_args(user)[0]
    token = password_reset_token_generator.make_token(user)
    return None, reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uidb64, "token": token}
    )


def _sign_up():
    configuration = ServiceConfiguration.load()
    configuration.signup_domains = "nhs.net"
    configuration.save()
    return None, reverse("accounts:sign_up")


def _reassign():
    GuiderFactory()  # someone to reassign to, so the question has its radios
    return PAGES["case reassign"]()


FORMS = {
    **PAGES,
    "case reassign": _reassign,
    "sign in": _anonymous("accounts:login"),
    "sign up": _sign_up,
    "password reset": _anonymous("accounts:password_reset"),
    "first password": _set_password,
    "new password after reset": _reset_password,
    "password change": _signed_in("accounts:password_change", ReferrerFactory),
    "user invite": _signed_in("accounts:user_invite", AdministratorFactory),
    "user edit": _user_edit,
}


class _Page(HTMLParser):
    """The page's elements by id, its error-summary links and its POST forms' novalidate."""

    def __init__(self):
        super().__init__()
        self.tags_by_id: dict[str, str] = {}
        self.summary_links: list[str] = []
        self.forms_without_novalidate: list[str] = []
        self.first_button: tuple[str, str] | None = None
        self._in_summary = False
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.tags_by_id[attrs["id"]] = tag
        classes = (attrs.get("class") or "").split()
        if "govuk-error-summary__list" in classes:
            self._in_summary = True
        if self._in_summary and tag == "a":
            self.summary_links.append(attrs.get("href", ""))
        if tag == "form":
            if "novalidate" not in attrs:
                self.forms_without_novalidate.append(attrs.get("action") or "this page")
            self._in_form = (attrs.get("method") or "").lower() == "post" and "sign-out" not in (
                attrs.get("action") or ""
            )
        is_submit = (tag == "button" and attrs.get("type", "submit") == "submit") or (
            tag == "input" and attrs.get("type") == "submit"
        )
        if self._in_form and is_submit and self.first_button is None:
            self.first_button = (attrs.get("name") or "", attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "ul":
            self._in_summary = False
        if tag == "form":
            self._in_form = False


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _sent_empty(html: str) -> dict[str, str]:
    """What a browser sends for the form untouched and cleared: hidden values, empty boxes."""
    data = {
        name: spec.value if spec.kind == "hidden" else ""
        for name, spec in form_fields(html).items()
        if spec.kind not in ("radio", "checkbox")  # nothing chosen: not sent at all
    }
    button = _read(html).first_button
    if button and button[0]:
        data[button[0]] = button[1]
    return data


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_error_link_of_a_form_sent_empty_lands_on_an_input(client, db, name):
    """Each link targets an input, select or textarea that exists; the title says "Error:"."""
    user, url = FORMS[name]()
    if user is not None:
        client.force_login(user)
    shown = client.get(url, follow=True)
    if shown.status_code == 405:  # a button's target (starting a case or cycle): no form
        return
    assert shown.status_code == 200, (name, shown.status_code)
    assert _read(shown.content.decode()).forms_without_novalidate == []

    response = client.post(shown.request["PATH_INFO"], _sent_empty(shown.content.decode()))

    if response.status_code == 302:  # nothing on this form is required
        return
    html = response.content.decode()
    page = _read(html)
    assert page.summary_links, f"{name}: sent empty, but no error summary"
    title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S).group(1)
    assert title.startswith("Error: "), (name, title)
    assert page.forms_without_novalidate == []
    for href in page.summary_links:
        target = href.removeprefix("#")
        if href.startswith("/"):  # a link to the page holding the question (check answers)
            continue
        assert page.tags_by_id.get(target) in FOCUSABLE, (
            f"{name}: error link {href} targets "
            f"{page.tags_by_id.get(target, 'nothing')}, not an input"
        )


def test_a_report_date_error_links_to_the_day_box(client, db):
    """A GET form too: an impossible start date's link puts the cursor in its Day box."""
    client.force_login(ManagerFactory())
    query = "start_0=31&start_1=2&start_2=2026&end_0=1&end_1=3&end_2=2026"

    html = client.get(f"{reverse('reports:report', args=['referrals'])}?{query}").content.decode()

    page = _read(html)
    assert page.summary_links == ["#id_start_0"]
    assert page.tags_by_id["id_start_0"] == "input"
    assert re.search(r"<title>\s*Error: ", html)


def test_a_form_wide_error_on_a_page_without_questions_is_in_the_summary(client, db):
    """A confirm-only page (hidden fields and a button) still says why it was refused."""
    client.force_login(CoordinatorFactory())
    referral = SubmittedReferralFactory(eligible=False, eligibility_reasons=["Too old"])
    response = client.post(
        reverse("referrals:action", args=[referral.pk, "accept"]), {"version": referral.version}
    )
    summary = response.content.decode().split('govuk-error-summary__list">')[1].split("</ul>")[0]
    assert "Override eligibility, with your reason, before you accept it" in summary

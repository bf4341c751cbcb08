"""The one form-page helper: GET shows, a valid POST saves and redirects, a refusal is shown."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from vig_service.core.form_pages import form_page
from vig_service.core.govuk_forms import GovForm

pytestmark = pytest.mark.django_db


class Refused(Exception):
    """A refusal shaped like DomainError: a message and, optionally, a field."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class NameForm(GovForm):
    name = forms.CharField()


def _request(method="get", data=None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _page(request, save, **kwargs):
    form = NameForm(request.POST or None)
    return form_page(request, form, title="Name", save=save, done="Saved", back="/back/", **kwargs)


def test_get_shows_the_form_without_saving():
    """A GET renders the page and never calls the service."""
    calls = []
    response = _page(_request(), calls.append)
    assert response.status_code == 200
    assert calls == []


def test_valid_post_saves_the_cleaned_answers_and_goes_back_with_a_message():
    """The service gets the cleaned data; the user is redirected with the success message."""
    calls = []
    request = _request("post", {"name": "  Sam  "})
    response = _page(request, calls.append)
    assert calls == [{"name": "Sam"}]
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert [str(m) for m in get_messages(request)] == ["Saved"]


def test_done_and_after_can_use_what_the_service_returned():
    """A message and a destination built from the service's result."""
    request = _request("post", {"name": "Sam"})
    form = NameForm(request.POST)
    response = form_page(
        request,
        form,
        title="Name",
        save=lambda data: data["name"],
        done=lambda name: f"{name} added",
        after=lambda name: f"/people/{name}/",
        back="/back/",
    )
    assert response["Location"] == "/people/Sam/"
    assert [str(m) for m in get_messages(request)] == ["Sam added"]


@pytest.mark.parametrize(
    ("field", "where"), [("name", "name"), (None, "__all__"), ("x", "__all__")]
)
def test_a_refusal_becomes_a_form_error_beside_its_question(field, where):
    """Its field when it names one of the form's, otherwise at the top; nothing redirects."""
    request = _request("post", {"name": "Sam"})
    form = NameForm(request.POST)
    seen = []

    def save(data):
        raise Refused("Sam is taken", field=field)

    response = form_page(
        request, form, title="Name", save=save, done="Saved", back="/b/", on_refusal=seen.append
    )
    assert response.status_code == 200
    assert form.errors[where] == ["Sam is taken"]
    assert [str(refused) for refused in seen] == ["Sam is taken"]


def test_an_error_outside_the_refusals_is_not_hidden():
    """Only the refusals given are shown as form errors; a bug still fails loudly."""

    def save(data):
        raise Refused("no")

    with pytest.raises(Refused):
        _page(_request("post", {"name": "Sam"}), save, refusals=(KeyError,))


def test_an_exception_without_a_message_is_raised():
    """An error with no message for the user is a bug, not a refusal."""

    def save(data):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        _page(_request("post", {"name": "Sam"}), save)

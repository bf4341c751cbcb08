"""The GOV.UK form base: text clean-up, the no-HTML rule, past dates and submit buttons."""

from datetime import timedelta

import pytest
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.utils import timezone

from vig_service.core.fields import GovDateField
from vig_service.core.govuk_forms import NO_HTML_MESSAGE, GovForm, no_html, submit_button


class NoteForm(GovForm):
    note = forms.CharField(required=False)
    secret = forms.CharField(required=False, strip=False)


class SearchForm(NoteForm):
    refuse_html = False


class PastForm(GovForm):
    day = GovDateField(subject="the day", label="Day", not_in_future="The day must be past")


def _date_data(day):
    return {"day_0": day.day, "day_1": day.month, "day_2": day.year}


def test_no_html_refuses_a_tag_with_the_message_users_see():
    """A tag is refused; a lone < (as in "age < 5") is not."""
    assert no_html("age < 5") == "age < 5"
    with pytest.raises(forms.ValidationError) as raised:
        no_html("<b>bold</b>")
    assert raised.value.messages == ["Remove the < and > characters (HTML is not allowed)"]


def test_gov_form_strips_text_and_refuses_html_beside_the_question():
    """Text answers lose their outer spaces; markup is an error on its own question."""
    form = NoteForm({"note": "<script>x()</script>", "secret": " x "})
    assert not form.is_valid()
    assert form.errors["note"] == [NO_HTML_MESSAGE]
    assert NoteForm({"note": "  fine  "}).is_valid()


def test_gov_form_keeps_text_typed_exactly_when_the_field_says_so():
    """A password-like field (strip=False) is neither stripped nor refused."""
    form = NoteForm({"secret": " <a "})
    assert form.is_valid()
    assert form.cleaned_data["secret"] == " <a "


def test_a_form_that_allows_markup_still_strips_it_but_does_not_refuse():
    """refuse_html = False keeps a search for "<b" possible."""
    form = SearchForm({"note": " <b "})
    assert form.is_valid()
    assert form.cleaned_data["note"] == "<b"


def test_past_date_refuses_tomorrow_with_its_own_message():
    """not_in_future names the date in the message; today is accepted."""
    today = timezone.localdate()
    assert PastForm(_date_data(today)).is_valid()
    form = PastForm(_date_data(today + timedelta(days=1)))
    assert form.errors["day"] == ["The day must be past"]


def test_submit_button_prevents_a_double_click_and_escapes_its_label():
    """The button is GOV.UK Frontend's, with data-prevent-double-click, its label escaped."""
    form = NoteForm()
    form.helper = FormHelper()
    form.helper.layout = Layout("note", submit_button("Save <now>", warning=True))
    html = render_crispy_form(form)
    assert 'data-prevent-double-click="true"' in html
    assert 'data-module="govuk-button"' in html
    assert "govuk-button--warning" in html
    assert "Save &lt;now&gt;" in html

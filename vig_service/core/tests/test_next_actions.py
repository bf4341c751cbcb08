"""Next actions as data: links come from the code, colours from the severity."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from vig_service.core.next_actions import NextAction, Severity, with_link

PAGES = {"see_home": "core:home"}


def test_the_link_comes_from_the_code_whatever_the_words():
    """Two labels, one code: the same page; an unknown code gets no link."""
    for label in ("Go home", "Head back to the start page"):
        action = with_link(NextAction("see_home", label), pages=PAGES)
        assert action.url == reverse("core:home")
        assert action.label == label
    assert with_link(NextAction("see_home_now", "Go home"), pages=PAGES).url is None


@pytest.mark.parametrize(
    ("severity", "tag"),
    [
        (Severity.URGENT, '<strong class="govuk-tag govuk-tag--red">Limit reached</strong>'),
        (Severity.WARNING, '<strong class="govuk-tag govuk-tag--orange">Limit reached</strong>'),
        (Severity.ROUTINE, "Limit reached"),
    ],
)
def test_the_severity_decides_the_colour_never_the_words(severity, tag):
    """The same words take the colour of their severity; routine ones are plain text."""
    html = render_to_string(
        "includes/next_action.html", {"action": NextAction("x", "Limit reached", None, severity)}
    ).strip()
    assert html == tag


def test_an_action_with_a_page_is_a_link():
    """With a URL the action is a link to where it is done."""
    action = NextAction("see_home", "Overdue: go home", "/home/", Severity.URGENT)
    html = render_to_string("includes/next_action.html", {"action": action}).strip()
    assert html == '<a class="govuk-link" href="/home/">Overdue: go home</a>'

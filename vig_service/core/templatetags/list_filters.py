"""The checkboxes of a list's filter panel (templates/includes/filter_panel.html)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def filter_checkboxes(name, choices):
    """A filter group's small GOV.UK checkboxes, from (value, label, checked) triples.

    Built in one pass rather than a template loop: a region's queue can offer a hundred
    options (every referrer's team), and this is the busiest page coordinators open.
    """
    items = format_html_join(
        "",
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
        'id="filter-{0}-{1}" name="{0}" type="checkbox" value="{2}"{4}>'
        '<label class="govuk-label govuk-checkboxes__label" for="filter-{0}-{1}">{3}</label>'
        "</div>",
        (
            (name, number, value, label, " checked" if checked else "")
            for number, (value, label, checked) in enumerate(choices, start=1)
        ),
    )
    return format_html(
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        "{}</div>",
        items or format_html('<p class="govuk-body">{}</p>', "None yet."),
    )

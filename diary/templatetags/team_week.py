"""The team's week table body: a row for each guider, built once per page, not per cell.

A national service has thousands of guiders, most with nothing in a given week; rendering
their cells through the template language took over a second (docs/architecture.md).
"""

import html

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

ROW = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
CELL = '<td class="govuk-table__cell">'
FREE = '<span class="govuk-hint">Free</span>'
CLASH = ' <strong class="govuk-tag govuk-tag--red">Clash</strong>'
NONE = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="6">'
    "There are no guiders.</td></tr>"
)


def _line(appointment) -> str:
    return format_html(
        '<a class="govuk-link" href="{}">{} {}</a>{}<br>',
        appointment.get_absolute_url(),
        f"{timezone.localtime(appointment.starts_at):%H:%M}",
        appointment.get_kind_display(),
        SafeString(CLASH) if appointment.clashes else "",
    )


def _cell(appointments: list) -> str:
    return CELL + ("".join(_line(a) for a in appointments) or FREE) + "</td>"


@register.simple_tag
def team_rows(week) -> SafeString:
    """Each guider's name and a cell a day: their appointments, or Free."""
    # The standard library's escape is what Django's wraps, without its lazy-string check.
    if not week.rows:
        return SafeString(NONE)
    free = _cell([]) * len(week.days)
    return SafeString(
        "".join(
            ROW
            + html.escape(name)
            + "</th>"
            + (free if cells is None else "".join(map(_cell, cells)))
            + "</tr>"
            for name, cells in week.rows
        )
    )

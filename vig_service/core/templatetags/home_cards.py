"""The home page's cards, each written in one pass (docs/architecture.md, "The floor")."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


def _status(line) -> str:
    if line.value:
        return format_html("{}", line.value)
    if line.count is not None:
        colour = "red" if line.urgent else "blue"
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, line.count
        )
    if line.urgent:
        return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
    return ""


def _line(line, line_id: str) -> str:
    described_by = f"{line_id}-hint {line_id}-status" if line.hint else f"{line_id}-status"
    hint = (
        format_html('<div id="{}-hint" class="govuk-task-list__hint">{}</div>', line_id, line.hint)
        if line.hint
        else ""
    )
    return format_html(
        '<li class="govuk-task-list__item govuk-task-list__item--with-link">'
        '<div class="govuk-task-list__name-and-hint">'
        '<a class="govuk-link govuk-task-list__link" href="{}" aria-describedby="{}">{}</a>{}'
        '</div><div class="govuk-task-list__status" id="{}-status">{}</div></li>',
        line.url,
        described_by,
        line.label,
        hint,
        line_id,
        _status(line),
    )


@register.simple_tag
def home_card(card, role, number: int) -> str:
    """A summary card of task-list lines (or what it says when empty), every value escaped.

    The page's lines through the template engine, each with its ids built by filters, cost
    about as much as everything else on a coordinator's home page.
    """
    lines = card.lines
    if lines:
        items = format_html_join(
            "",
            "{}",
            ((_line(line, f"home-{role}-{number}-{n}"),) for n, line in enumerate(lines, 1)),
        )
        body = format_html('<ul class="govuk-task-list">{}</ul>', items)
    else:
        body = format_html('<p class="govuk-body">{}</p>', card.empty)
    return format_html(
        '<div class="govuk-summary-card home-card">'
        '<div class="govuk-summary-card__title-wrapper">'
        '<h3 class="govuk-summary-card__title">{}</h3></div>'
        '<div class="govuk-summary-card__content">{}</div></div>',
        card.title,
        body,
    )

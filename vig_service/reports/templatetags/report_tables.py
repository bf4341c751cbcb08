"""A report table's body as markup built in Python: thousands of rows (a national caseload)."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from vig_service.reports.tables import Table

register = template.Library()
ROW = '\n      <tr class="govuk-table__row">\n        <th scope="row" class="govuk-table__header">'
CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _text(value) -> str:
    # What {{ value }} shows: localised when not text, escaped unless already safe.
    return conditional_escape(value if isinstance(value, str) else localize(value))


@register.filter
def table_body(table: Table) -> SafeString:
    """The rows as the include wrote them; the template language took 2.5 s for 5,000 guiders
    at a million referrals (docs/architecture.md, "Report summaries")."""
    columns = [conditional_escape(column.lower()) for column in table.columns]
    parts = []
    for label, figures in table.rows:
        shown_label = _text(label)
        parts += [ROW, shown_label, "</th>\n        "]
        for column, figure in zip(columns, figures, strict=False):
            shown = conditional_escape(figure.shown())
            if figure.url:
                parts += [
                    CELL,
                    f'<a class="govuk-link" href="{conditional_escape(figure.url)}">{shown}',
                    f'<span class="govuk-visually-hidden"> {column}, {shown_label}</span></a>',
                    "</td>",
                ]
            else:
                parts += [CELL, shown, "</td>"]
        parts.append("\n      </tr>\n    ")
    return SafeString("".join(parts))

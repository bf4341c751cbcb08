"""A report table's body built in Python is the markup the template loop wrote, escaped alike."""

from datetime import date

from django.template import Context, Template

from vig_service.reports.tables import Figure, Table
from vig_service.reports.templatetags.report_tables import table_body

# The include's loop before the body was built in Python, kept to compare against.
LOOP = Template(
    """{% for label, figures in table.rows %}
      <tr class="govuk-table__row">
        <th scope="row" class="govuk-table__header">{{ label }}</th>
        {% for figure in figures %}<td class="govuk-table__cell govuk-table__cell--numeric">"""
    """{% if figure.url %}<a class="govuk-link" href="{{ figure.url }}">{{ figure.shown }}"""
    """<span class="govuk-visually-hidden"> {{ table.columns|slice:forloop.counter|last|lower }}"""
    """, {{ label }}</span></a>{% else %}{{ figure.shown }}{% endif %}</td>{% endfor %}
      </tr>
    {% endfor %}"""
)


def test_table_body_matches_the_template_loop_and_escapes_names_and_links():
    """Names with markup, links with '&', dates as labels and every kind of figure come out
    exactly as the template language wrote them."""
    table = Table(
        slug="guiders",
        caption="Caseload",
        row_header="Guider",
        columns=["Open <cases>", "Capacity used", "Near the Limit"],
        rows=[
            (
                "Ann <b>O'Neil</b> & Co",
                [Figure(1234), Figure.percent(1, 3), Figure(2, url="/near/?guider=1&x=<y>")],
            ),
            (date(2026, 3, 1), [Figure(None), Figure.number(2.25, base=3), Figure(0, url="/n")]),
        ],
    )
    assert str(table_body(table)) == LOOP.render(Context({"table": table}))
    assert "&lt;b&gt;O&#x27;Neil&lt;/b&gt; &amp; Co" in table_body(table)

"""Template filters for showing referral answers."""

import html

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from referrals import rules
from referrals.choices import Concern

register = template.Library()

CONCERN_LABELS = dict(Concern.choices)


@register.filter
def child_age(referral) -> str:
    """The focus child's age today, in years and months."""
    if not referral.child_date_of_birth:
        return ""
    age = rules.age_on(referral.child_date_of_birth, timezone.localdate())
    return str(age) if age else "Not born yet"


@register.filter
def school_year_answer(referral) -> str:
    """The school year given, and on the next line what the date of birth says if it differs."""
    answer = referral.get_child_school_year_display()
    # Judged on the day the referral was sent: a child moves up a year every September.
    on = timezone.localdate(referral.submitted_at) if referral.submitted_at else None
    note = rules.school_year_note(
        answer=referral.child_school_year,
        date_of_birth=referral.child_date_of_birth,
        on=on or timezone.localdate(),
    )
    return f"{answer}\n{note}" if note else answer


@register.filter
def age_years(date_of_birth) -> str:
    """A compact age for tables: '7y 3m'."""
    if not date_of_birth:
        return ""
    age = rules.age_on(date_of_birth, timezone.localdate())
    return f"{age.years}y {age.months}m" if age else ""


@register.filter
def nhs_number(value: str) -> str:
    """An NHS number spaced 3-3-4 as people read it."""
    return f"{value[:3]} {value[3:6]} {value[6:]}" if value and len(value) == 10 else value


@register.filter
def concern_labels(referral) -> list[str]:
    """The labels of the chosen concerns."""
    return [CONCERN_LABELS[value] for value in referral.concerns if value in CONCERN_LABELS]


@register.filter
def days_since(moment) -> str:
    """Whole days from a moment to today."""
    if not moment:
        return ""
    return str((timezone.localdate() - timezone.localtime(moment).date()).days)


@register.filter
def concerns_short(referral) -> str:
    """The first concern, then how many more, to keep queue rows short."""
    labels = concern_labels(referral)
    if len(labels) > 1:
        return f"{labels[0]} (+{len(labels) - 1} more)"
    return labels[0] if labels else ""


SUMMARY_ROW = (
    '<div class="govuk-summary-list__row">\n'
    '  <dt class="govuk-summary-list__key">{}</dt>\n'
    '  <dd class="govuk-summary-list__value">{}</dd>\n'
    "</div>\n"
)
NOT_ANSWERED = mark_safe('<span class="govuk-hint govuk-!-margin-0">Not answered</span>')


@register.simple_tag
def summary_row(*, key, value=None, values=None) -> SafeString:
    """One row of an answers card: a list of `values`, else `value` with its line breaks, else
    "Not answered" (0 is an answer).

    A tag, not an included template: a referral's page shows forty of them, and each include
    cost more than the row's own work.
    """
    if values:
        shown = format_html_join("", "<li>{}</li>", ((v,) for v in values))
        shown = format_html('<ul class="govuk-list">{}</ul>', shown)
    elif value or value == 0:
        shown = linebreaksbr(value, autoescape=True)
    else:
        shown = NOT_ANSWERED
    return format_html(SUMMARY_ROW, key, shown)


QUEUE_TAGS = (
    ("more_info", "orange", "Waiting for referrer"),
    ("not_eligible", "red", "Not eligible"),
    ("possible_duplicate", "yellow", "Possible duplicate"),
    ("known_before", "blue", "Known before"),
)


def _queue_marks(referral) -> list[tuple[str, str]]:
    marks = {
        "more_info": referral.status == "more_info_requested",
        "not_eligible": referral.eligible is False and not referral.eligibility_overridden,
        "possible_duplicate": getattr(referral, "possible_duplicate", False),
        "known_before": getattr(referral, "known_before", False),
    }
    shown = [(colour, label) for name, colour, label in QUEUE_TAGS if marks[name]]
    return shown + [("red", kind) for kind in getattr(referral, "flag_kinds", ())]


@register.simple_tag
def queue_row(referral) -> SafeString:
    """One row of the triage queue: the reference with its marks, then a cell per column.

    Built in one pass, as the filter checkboxes are (core/templatetags/list_filters.py): the
    queue is the page coordinators open most, and its 25 rows through the template engine
    were half of its render. Every value is escaped here.
    """
    escape = html.escape
    marks = "".join(
        f'<br><strong class="govuk-tag govuk-tag--{colour}">{escape(str(label))}</strong>'
        for colour, label in _queue_marks(referral)
    )
    team = referral.team
    team_line = (
        '<br><span class="govuk-hint govuk-!-font-size-16 govuk-!-margin-0">'
        f"{escape(team.name)}</span>"
        if team
        else ""
    )
    cells = (
        referral.priority_tier or "–",
        age_years(referral.child_date_of_birth),
        concerns_short(referral),
        referral.get_route_in_display(),
    )
    cells = "".join(f'<td class="govuk-table__cell">{escape(str(cell))}</td>' for cell in cells)
    url = escape(reverse("referrals:detail", args=[referral.pk]))
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link'
        f' app-nowrap" href="{url}">{escape(referral.reference)}</a>{marks}</td>{cells}'
        f'<td class="govuk-table__cell">{escape(referral.referrer.full_name)}{team_line}</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">'
        f"{escape(days_since(referral.submitted_at))}</td></tr>"
    )

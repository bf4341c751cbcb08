"""Template filters for showing referral answers."""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join

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


@register.inclusion_tag("referrals/includes/selected_filters.html", takes_context=True)
def selected_filter_tags(context, filters, name, legend, choices):
    """One group of the MOJ filter's selected tags, each a link that removes that value."""
    request = context["request"]
    chosen = filters.values_for(name)
    labels = {value: label for value, label, *_ in choices}
    tags = []
    for value in chosen:
        query = request.GET.copy()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        query.pop("page", None)
        tags.append({"label": labels.get(value, value), "url": "?" + query.urlencode()})
    return {"legend": legend, "tags": tags}


@register.simple_tag
def filter_checkboxes(name, choices):
    """A filter group's small GOV.UK checkboxes, from (value, label, checked) triples.

    Built in one pass rather than a template loop: a region's queue can offer a hundred
    options (every referrer's team), and this is the busiest page coordinators open.
    """
    return format_html(
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        "{}</div>",
        format_html_join(
            "",
            '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" '
            'id="filter-{0}-{1}" name="{0}" type="checkbox" value="{2}"{4}>'
            '<label class="govuk-label govuk-checkboxes__label" for="filter-{0}-{1}">{3}</label>'
            "</div>",
            (
                (name, number, value, label, " checked" if checked else "")
                for number, (value, label, checked) in enumerate(choices, start=1)
            ),
        ),
    )

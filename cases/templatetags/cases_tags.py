"""Template tags for the case pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from vig_service.accounts.roles import Role

register = template.Library()


@register.filter
def chosen(filters, name: str) -> tuple[str, ...]:
    """The values chosen for one filter of the case list."""
    return filters.values(name) if filters else ()


@register.inclusion_tag("cases/includes/selected_filters.html", takes_context=True)
def case_filter_tags(context, filters, name, legend, choices):
    """One group of the MOJ filter's selected tags, each a link that removes that value."""
    query_string = context["request"].GET
    labels = dict(choices)
    tags = []
    for value in filters.values(name):
        query = query_string.copy()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        query.pop("page", None)
        tags.append({"label": labels.get(value, value), "url": "?" + query.urlencode()})
    return {"legend": legend, "tags": tags}


@register.inclusion_tag("cases/includes/status_tag.html")
def case_status_tag(case):
    """The case's status as a coloured GOV.UK tag."""
    colours = {"allocated": "blue", "contracting": "light-blue", "active": "green"}
    return {"label": case.get_status_display(), "colour": colours.get(case.status, "grey")}


@register.simple_tag(takes_context=True)
def back_to_cases_link(context):
    """The back link of a case page: to the cases list, or a manager's cases near their limit."""
    user = context["request"].user
    if user.has_role(Role.GUIDER, Role.COORDINATOR, Role.SUPERVISOR):
        url, label = reverse("cases:list"), "Back to cases"
    else:
        url, label = reverse("cases:near_limit"), "Back to cases at or near their limit"
    return format_html('<a href="{}" class="govuk-back-link">{}</a>', url, label)

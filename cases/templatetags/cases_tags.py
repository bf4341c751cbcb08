"""Template tags for the case pages."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from referrals.selectors import active_flags
from vig_service.accounts.roles import Role

register = template.Library()


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


@register.inclusion_tag("referrals/includes/flags.html", takes_context=True)
def case_flags(context, case):
    """The flags on the case's child, household and the case itself, with End for its workers
    (one query; the appointment page shows the same without the buttons)."""
    if case is None:
        return {"flags": []}
    return {
        "flags": active_flags(child_id=case.referral.child_id, case_id=case.pk),
        "flag_end_url": "cases:flag_end" if context.get("can_end_flags") else "",
        "flag_owner_pk": case.pk,
        "can_end_flags": context.get("can_end_flags", False),
        "csrf_token": context.get("csrf_token"),
    }

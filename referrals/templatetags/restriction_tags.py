"""The restriction notice on a child's referral page and case overview (one query)."""

from django import template

from referrals import restriction_selectors
from referrals.services.restrictions import RESTRICTERS

register = template.Library()


@register.inclusion_tag("referrals/includes/restriction_notice.html", takes_context=True)
def restriction_notice(context, child_id, restrict_url):
    """Who the records are restricted to, if they are; the link to restrict or change it."""
    user = context["request"].user
    restriction = restriction_selectors.active_restriction(child_id=child_id) if child_id else None
    return {
        "restriction": restriction,
        "restrict_url": restrict_url if child_id and user.has_role(*RESTRICTERS) else "",
    }

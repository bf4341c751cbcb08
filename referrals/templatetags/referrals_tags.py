"""Template filters for showing referral answers."""

from django import template
from django.utils import timezone

from referrals import rules
from referrals.choices import Concern

register = template.Library()


@register.filter
def child_age(referral) -> str:
    """The focus child's age today, in years and months."""
    if not referral.child_date_of_birth:
        return ""
    age = rules.age_on(referral.child_date_of_birth, timezone.localdate())
    return str(age) if age else "Not born yet"


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
    return [Concern(value).label for value in referral.concerns if value in Concern.values]

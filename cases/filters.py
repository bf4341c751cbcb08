"""The case list's filters for coordinators and supervisors (docs/architecture.md)."""

from cases.models import Case
from referrals.filters import NO_TIER, TIER_CHOICES
from vig_service.core.filters import ChoicesFilter, ListFilterSet


class CaseFilterSet(ListFilterSet):
    """Cases by guider, status and the referral's priority tier."""

    guider = ChoicesFilter("guider_id", label="Guider")
    status = ChoicesFilter(label="Status", choices=Case.Status.choices)
    tier = ChoicesFilter(
        "referral__priority_tier", label="Priority tier", choices=TIER_CHOICES, none_value=NO_TIER
    )

    def __init__(self, *args, guiders, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("guider", [(str(guider.pk), guider.full_name) for guider in guiders])

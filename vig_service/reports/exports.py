"""The list of every referral as CSV rows: what a manager needs, no child's details."""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Value

from cases.models import CaseStatus, ClosureReason
from referrals.choices import PlanStatus, RouteIn
from referrals.models import Referral, ReferralStatus
from vig_service.accounts.models import Profession
from vig_service.reports.aggregates import DateText, LocalMinute
from vig_service.reports.forms import DateRange

REFERRAL_COLUMNS = (
    "Reference",
    "Status",
    "Submitted",
    "Priority tier",
    "Plan status",
    "Route in",
    "Referrer's profession",
    "Referrer's team",
    "Eligible",
    "Decided",
    "Accepted",
    "Decline reason",
    "Case status",
    "Guider",
    "Case opened",
    "Case closed",
    "Closure reason",
)
FIELDS = (
    "reference",
    "status",
    "submitted",
    "priority_tier",
    "plan_status",
    "route_in",
    "referrer__profession",
    "team__name",
    "eligible",
    "decided",
    "accepted",
    "decline_reason",
    "case__status",
    "case__guider__full_name",
    "case_opened",
    "case_closed",
    "case__closure_reason",
)
# Stored values shown as the words on screen, by column position.
LABELS = {
    1: dict(ReferralStatus.choices),
    4: dict(PlanStatus.choices),
    5: dict(RouteIn.choices),
    6: dict(Profession.choices),
    12: dict(CaseStatus.choices),
    16: dict(ClosureReason.choices),
}
CHUNK = 2000


def referral_rows(date_range: DateRange | None, *, user) -> Iterator[list]:
    """One row per submitted referral (within the range, if given), read in chunks."""
    # A restricted child's rows are for the named staff alone (docs/architecture.md).
    referrals = Referral.objects.not_restricted_from(user).exclude(status=Referral.Status.DRAFT)
    if date_range is not None:
        referrals = referrals.filter(
            submitted_at__gte=date_range.start_at, submitted_at__lt=date_range.end_before
        )
    # Dates become text in the database: converting 300,000 moments in Python is slow.
    zone = Value(settings.TIME_ZONE)
    referrals = referrals.annotate(
        submitted=LocalMinute("submitted_at", zone),
        decided=LocalMinute("decided_at", zone),
        accepted=LocalMinute("accepted_at", zone),
        case_opened=DateText("case__opened_on"),
        case_closed=DateText("case__closed_on"),
    )
    rows = referrals.order_by("pk").values_list(*FIELDS).iterator(chunk_size=CHUNK)
    for row in rows:
        row = list(row)
        for index, labels in LABELS.items():
            row[index] = labels.get(row[index], row[index])
        yield row

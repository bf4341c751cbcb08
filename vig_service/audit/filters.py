"""The Audit search over records opened and refused look-ups (docs/architecture.md)."""

from datetime import datetime, time

import django_filters
from django.db.models import QuerySet
from django.utils import timezone

from vig_service.accounts.models import User
from vig_service.audit.forms import AccessSearchForm
from vig_service.core.filters import ListFilterSet


class AccessFilterSet(ListFilterSet):
    """Access rows by person, child's referral reference and dates (inclusive).

    The fields, their GOV.UK messages and the date-order check are AccessSearchForm's.
    """

    email = django_filters.CharFilter(method="filter_person")
    reference = django_filters.CharFilter(method="filter_reference")
    date_from = django_filters.DateFilter(method="filter_from")
    date_to = django_filters.DateFilter(method="filter_to")

    class Meta:
        form = AccessSearchForm

    def filter_person(self, rows: QuerySet, name: str, email: str) -> QuerySet:
        """The person with this address; none at all for an address nobody has."""
        return rows.filter(user__in=User.objects.by_email(email))

    def filter_reference(self, rows: QuerySet, name: str, reference: str) -> QuerySet:
        """The child's referral reference, whatever its case."""
        return rows.filter(child_reference__iexact=reference.strip())

    def filter_from(self, rows: QuerySet, name: str, day) -> QuerySet:
        """From the start of the first day, in the service's time zone."""
        zone = timezone.get_current_timezone()
        return rows.filter(occurred_at__gte=datetime.combine(day, time.min, zone))

    def filter_to(self, rows: QuerySet, name: str, day) -> QuerySet:
        """To the end of the last day, in the service's time zone."""
        zone = timezone.get_current_timezone()
        return rows.filter(occurred_at__lte=datetime.combine(day, time.max, zone))

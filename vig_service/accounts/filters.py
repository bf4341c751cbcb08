"""The Users page's search by name or address and by role (docs/architecture.md)."""

import django_filters
from django.db.models import Q, QuerySet

from vig_service.accounts.forms import UserSearchForm
from vig_service.core.filters import ListFilterSet


class UserFilterSet(ListFilterSet):
    """Users whose name or address holds the search, with the chosen role.

    The fields are UserSearchForm's: it trims the search and ignores an unknown role.
    """

    q = django_filters.CharFilter(method="filter_search")
    role = django_filters.CharFilter("groups__name")

    class Meta:
        form = UserSearchForm

    def filter_search(self, users: QuerySet, name: str, search: str) -> QuerySet:
        """Any part of the name or the e-mail address, in any case."""
        return users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))

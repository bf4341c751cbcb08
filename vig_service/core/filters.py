"""List filters: django-filter FilterSets read from the address, forgiving what they do not know.

A list's filters live in its address, so anyone can send nonsense. Every list's FilterSet
derives from `ListFilterSet`: its form is a `QueryForm` (control characters and impossible
years are refused with a message), a checkbox filter keeps only the values it offers (the
rest are dropped and `ignored` says so, never an error), and the page renders the filter
panel from `groups()` and `selected_tags()` (docs/architecture.md, "List filters").
"""

import re

import django_filters
from django import forms
from django.contrib import messages
from django.db.models import Q, QuerySet

from vig_service.core.query import QueryForm

IGNORED_MESSAGE = "Some filters were not recognised and have been cleared."
# Keys a list reads from its address besides its filters.
PAGE_KEYS = frozenset({"page"})


class ChoicesField(forms.MultipleChoiceField):
    """Checkbox values from the address: the known ones kept once each, in order; no errors."""

    def __init__(self, *, accepts=(), **kwargs):
        super().__init__(**kwargs)
        # Values a filter understands without offering them (an old link's tier 7).
        self.accepts = frozenset(accepts)

    def to_python(self, value) -> list[str]:
        known = (v for v in super().to_python(value) if v in self.accepts or self.valid_value(v))
        return list(dict.fromkeys(known))

    def validate(self, value):
        """Nothing to refuse: to_python has already dropped what the filter does not know."""


class ChoicesFilter(django_filters.Filter):
    """A group of checkboxes: rows matching any chosen value.

    `none_value` is a choice for rows where the field is empty ("No tier"); `when_none` are
    the values the list is narrowed to while nothing is chosen (the queue's "submitted").
    """

    field_class = ChoicesField

    def __init__(self, field_name=None, lookup_expr="in", *, none_value=None, when_none=(), **kw):
        super().__init__(field_name, lookup_expr, **kw)
        self.none_value = none_value
        self.when_none = tuple(when_none)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        values = list(value or self.when_none)
        if not values:
            return qs
        chosen = [v for v in values if v != self.none_value]
        match = Q(**{f"{self.field_name}__{self.lookup_expr}": chosen})
        if self.none_value in values:
            match |= Q(**{f"{self.field_name}__isnull": True})
        return qs.filter(match)


class ListFilterSet(django_filters.FilterSet):
    """The base of every list's filters: a QueryForm, unknown values dropped, never a 500."""

    class Meta:
        form = QueryForm

    def get_form_class(self):
        # A field the form declares (with its GOV.UK label and messages) wins over the filter's.
        declared = self._meta.form.base_fields
        fields = {name: f.field for name, f in self.filters.items() if name not in declared}
        return type(f"{type(self).__name__}Form", (self._meta.form,), fields)

    def set_choices(self, name: str, choices) -> None:
        """Offer these (value, label) choices for one filter (teams, guiders: known per page)."""
        # As a callable: the form's copies of the field then share one list, where a list
        # would be checked and deep-copied again for each (hundreds of teams nationally).
        offered = list(choices)
        self.filters[name].extra["choices"] = lambda: offered

    @property
    def cleaned(self) -> dict:
        """The values kept, by filter name; a field the form refused is left out."""
        if not self.is_bound:
            return {}
        self.form.errors  # noqa: B018 (runs the form's clean-up once)
        return self.form.cleaned_data

    def values(self, name: str) -> list[str]:
        """The values chosen for one filter, by its name in the address."""
        return self.cleaned.get(name) or []

    @property
    def active(self) -> bool:
        """Whether any filter has a value chosen."""
        return any(self.cleaned.get(name) for name in self.filters)

    @property
    def ignored(self) -> bool:
        """Whether the address held anything not kept: an unknown key, value or a refused one."""
        if not self.is_bound:
            return False
        if self.errors or any(not self._known(key) for key in self.data):
            return True
        return any(
            len(self.data.getlist(name)) != len(self.values(name))
            for name, filter_ in self.filters.items()
            if isinstance(filter_, ChoicesFilter)
        )

    def _known(self, key: str) -> bool:
        # A date input sends its parts as key_0, key_1 and key_2.
        return key in PAGE_KEYS or re.sub(r"_\d$", "", key) in self.filters

    def filter_queryset(self, queryset: QuerySet, *, without=()) -> QuerySet:
        """Every filter but those named in `without`, each with its kept value (or none)."""
        cleaned = self.cleaned
        for name, filter_ in self.filters.items():
            if name not in without:
                queryset = filter_.filter(queryset, cleaned.get(name))
        return queryset

    def qs_without(self, *names: str) -> QuerySet:
        """The rows as filtered by every other filter (counts per tier whatever the tier)."""
        return self.filter_queryset(self.queryset.all(), without=names)

    def groups(self) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
        """Each checkbox filter as (name, legend, [(value, label, checked)]), checked once.

        Worked out once per list page: the panel and its selected tags both read it, and a
        national queue offers hundreds of teams.
        """
        if getattr(self, "_groups", None) is None:
            self._groups = self._checkbox_groups()
        return self._groups

    def _checkbox_groups(self) -> list[tuple[str, str, list[tuple[str, str, bool]]]]:
        groups = []
        for name, filter_ in self.filters.items():
            if isinstance(filter_, ChoicesFilter):
                field, chosen = self.form.fields[name], set(self.values(name))
                choices = [(str(v), label, str(v) in chosen) for v, label in field.choices]
                groups.append((name, str(field.label), choices))
        return groups

    def selected_tags(self) -> list[tuple[str, list[dict]]]:
        """Each filter's chosen values as (legend, [{label, url}]): a link that removes it."""
        selected = []
        for name, legend, choices in self.groups():
            labels = {value: label for value, label, _ in choices}
            tags = []
            for value in self.values(name):
                query = self.data.copy()
                query.setlist(name, [v for v in query.getlist(name) if v != value])
                query.pop("page", None)
                tags.append({"label": labels.get(value, value), "url": "?" + query.urlencode()})
            selected.append((legend, tags))
        return selected


def filters_for(request, filterset_class, *, queryset: QuerySet, **kwargs) -> ListFilterSet:
    """A list's filters read from the request, with a note when something was dropped."""
    filters = filterset_class(request.GET, queryset=queryset, request=request, **kwargs)
    if filters.ignored:
        messages.info(request, IGNORED_MESSAGE)
    return filters

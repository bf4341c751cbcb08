"""The list-filter kit: FilterSets read from the address that drop what they do not know."""

import django_filters
from django import forms
from django.http import QueryDict
from django.test import RequestFactory

from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import TeamFactory, UserFactory
from vig_service.core.filters import ChoicesFilter, ListFilterSet, filters_for
from vig_service.core.query import QueryForm
from vig_service.core.templatetags.list_filters import filter_checkboxes

COLOURS = [("red", "Red"), ("blue", "Blue")]


class PeopleForm(QueryForm):
    """A form that declares one filter's field itself."""

    name = forms.CharField(label="Person's name", required=False)


class PeopleFilterSet(ListFilterSet):
    """People by name, by team (or none) and by a made-up colour that filters nothing."""

    name = django_filters.CharFilter("full_name")
    team = ChoicesFilter("team_id", label="Team", none_value="none")
    colour = ChoicesFilter(label="Colour", choices=COLOURS, accepts=["green"], method="keep")

    class Meta:
        form = PeopleForm

    def __init__(self, *args, teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_choices("team", [(str(t.pk), t.name) for t in teams] + [("none", "No team")])

    def keep(self, queryset, name, value):
        return queryset


def _filters(query: str, teams=()) -> PeopleFilterSet:
    return PeopleFilterSet(QueryDict(query), queryset=User.objects.all(), teams=teams)


def test_known_values_are_kept_once_and_unknown_ones_dropped_with_a_note(db):
    """Nonsense and repeats are cleared, never an error; `ignored` says something was."""
    filters = _filters("colour=red&colour=purple&colour=red")
    assert filters.values("colour") == ["red"]
    assert filters.ignored
    assert filters.is_valid()
    assert not _filters("colour=red&colour=blue&page=3").ignored


def test_a_value_understood_but_not_offered_is_kept(db):
    """`accepts` keeps a value without showing it as a checkbox; its tag shows the value."""
    filters = _filters("colour=green")
    assert filters.values("colour") == ["green"]
    assert not filters.ignored
    assert [value for value, _, _ in filters.groups()[1][2]] == ["red", "blue"]
    assert filters.selected_tags()[1] == ("Colour", [{"label": "green", "url": "?"}])


def test_an_unknown_key_is_noted(db):
    """A key no filter reads is reported as ignored."""
    assert _filters("zzz=1").ignored


def test_control_characters_are_refused_by_the_query_form_not_the_database(db):
    """The form is a QueryForm: a NUL byte is an error, dropped from the filtering."""
    filters = _filters("team=\x00")
    assert "must not include control characters" in str(filters.errors["team"])
    assert filters.ignored
    assert filters.qs.count() == 0  # no users yet, and no server error


def test_a_none_choice_matches_rows_with_no_value(db):
    """'No team' finds people without a team, alongside the teams chosen."""
    team = TeamFactory()
    with_team, other = UserFactory(team=team), UserFactory()
    no_team = UserFactory(team=None)
    assert set(_filters(f"team={team.pk}", teams=[team]).qs) == {with_team}
    assert set(_filters(f"team={team.pk}&team=none", teams=[team]).qs) == {with_team, no_team}
    assert other not in _filters("team=none").qs


def test_groups_tick_the_chosen_values_and_tags_remove_one_value_and_the_page(db):
    """Each tag's link keeps the other filters and drops the page number."""
    filters = _filters("colour=red&colour=blue&page=2")
    assert filters.active
    assert filters.groups()[1] == (
        "colour",
        "Colour",
        [("red", "Red", True), ("blue", "Blue", True)],
    )
    legend, tags = filters.selected_tags()[1]
    assert [tag["url"] for tag in tags] == ["?colour=blue", "?colour=red"]


def test_a_field_the_form_declares_wins_over_the_filters_own(db):
    """The form keeps its GOV.UK label and field; the filter only decides the narrowing."""
    assert _filters("").form.fields["name"].label == "Person's name"
    person = UserFactory(full_name="Ada Lovelace")
    UserFactory(full_name="Grace Hopper")
    assert list(_filters("name=Ada Lovelace").qs) == [person]


def test_filters_for_says_on_the_page_when_something_was_cleared(db):
    """The view helper adds the one message every list shows."""
    request = RequestFactory().get("/", {"colour": "purple"})
    request._messages = _Messages()
    filters_for(request, PeopleFilterSet, queryset=User.objects.all())
    assert request._messages.added == ["Some filters were not recognised and have been cleared."]


class _Messages(list):
    """A message store that remembers what was added."""

    def __init__(self):
        super().__init__()
        self.added = []

    def add(self, level, message, extra_tags=""):
        self.added.append(message)


def test_a_group_with_nothing_to_offer_says_so():
    """A group with no choices (no guiders yet) shows 'None yet.' instead of an empty box."""
    assert '<p class="govuk-body">None yet.</p>' in filter_checkboxes("guider", [])
    html = filter_checkboxes("team", [("1", "<b>North</b>", True)])
    assert 'value="1" checked>' in html
    assert "&lt;b&gt;North&lt;/b&gt;" in html


def test_a_choice_cannot_break_out_of_its_attribute_or_label():
    """A team named with quotes or markup stays text, in the value and in the label."""
    html = filter_checkboxes("team", [('1" autofocus onfocus="x', "O'Neil & <i>Co</i>", False)])
    assert 'value="1&quot; autofocus onfocus=&quot;x"' in html
    assert "O&#x27;Neil &amp; &lt;i&gt;Co&lt;/i&gt;</label>" in html
    assert "<i>" not in html

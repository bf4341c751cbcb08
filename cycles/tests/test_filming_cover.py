"""Filming is covered: dates, consents, children of 12 or over, corrections.

Driven through the pages a guider uses, with the forms posted as a browser sends them.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent
from cases.rules import add_months
from cycles import rules, selectors
from cycles.models import Cycle
from cycles.tests import case_factories
from cycles.tests.factories import (
    ActiveCaseFactory,
    ClipShowingFactory,
    ConsentFactory,
    CycleFactory,
    EditedCycleFactory,
    FilmedCycleFactory,
    ReviewedCycleFactory,
)
from referrals.tests.factories import HouseholdChildFactory


def _days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def _years_ago(years: int, *, days: int = 0) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def _date(name: str, day: date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _film(client, cycle, *, filmed_on, children=("focus",)):
    """Post the Record the filming page as the guider's browser would."""
    client.force_login(cycle.case.guider)
    cycle.refresh_from_db()
    return client.post(
        reverse("cycles:filming", args=[cycle.pk]),
        {
            "version": cycle.version,
            **_date("filmed_on", filmed_on),
            "setting": "Play",
            "who_was_filmed": "Mum",
            "children_filmed": list(children),
            "minutes": "10",
        },
    )


def _correct(client, cycle, *, filmed_on):
    """Post the Correct the date filmed page."""
    client.force_login(cycle.case.guider)
    cycle.refresh_from_db()
    return client.post(
        reverse("cycles:filming_date", args=[cycle.pk]),
        {"version": cycle.version, **_date("filmed_on", filmed_on)},
    )


def _planned(**case):
    return CycleFactory(case=ActiveCaseFactory(**case))


def test_filming_dated_before_the_case_was_opened_is_refused(client, db):
    """The issue's filming 5 days before the case opened is refused; no limit starts from it."""
    cycle = _planned(opened_on=_days_ago(20), contract_agreed_on=_days_ago(18))
    response = _film(client, cycle, filmed_on=_days_ago(25))
    assert response.status_code == 200
    assert (
        f"The date filmed must be on or after the case was opened on {_long(_days_ago(20))}"
        in response.content.decode()
    )
    cycle.refresh_from_db()
    assert (cycle.status, cycle.filmed_on) == (Cycle.Status.PLANNED, None)
    cycles = client.get(reverse("cycles:list", args=[cycle.case.pk])).content.decode()
    assert "no new cycle after" not in cycles


def test_filming_before_the_written_contract_is_refused(client, db):
    """A filming the day before the contract was agreed is refused, naming the contract date."""
    cycle = _planned(opened_on=_days_ago(30), contract_agreed_on=_days_ago(10))
    response = _film(client, cycle, filmed_on=_days_ago(11))
    assert (
        f"The date filmed must be on or after the written contract was agreed on "
        f"{_long(_days_ago(10))}" in response.content.decode()
    )
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.PLANNED


def test_filming_before_the_consent_to_be_filmed_was_given_is_refused(client, db):
    """A live consent given after the filming date does not cover that filming."""
    cycle = _planned(
        opened_on=_days_ago(30),
        contract_agreed_on=_days_ago(30),
        filming_consent__given_on=_days_ago(5),
    )
    response = _film(client, cycle, filmed_on=_days_ago(8))
    assert (
        f"No parent or carer had given consent to be filmed on or before {_long(_days_ago(8))}"
        in response.content.decode()
    )
    assert _film(client, cycle, filmed_on=_days_ago(5)).status_code == 302


def test_a_13_year_old_is_not_filmed_on_an_adults_consent_alone(client, db):
    """The page names the child whose own consent is missing; once it is recorded, it works."""
    cycle = _planned(
        referral__child_first_name="Tia", referral__child_date_of_birth=_years_ago(13, days=30)
    )
    response = _film(client, cycle, filmed_on=_days_ago(2))
    assert response.status_code == 200
    assert (
        f"Tia (13) was 12 or over on {_long(_days_ago(2))} and has not given their own consent "
        "to be filmed" in response.content.decode()
    )
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.PLANNED

    consent = client.post(
        reverse("cases:consent_add", args=[cycle.case.pk]),
        {
            "kind": "filming",
            "given_by": "Tia",
            "child": "focus",
            **_date("given_on", _days_ago(3)),
        },
    )
    assert consent.status_code == 302
    consents = client.get(reverse("cases:consents", args=[cycle.case.pk])).content.decode()
    assert "the child referred" in consents
    assert _film(client, cycle, filmed_on=_days_ago(2)).status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.FILMED


def test_each_filmed_household_child_of_12_or_over_needs_their_own_consent(client, db):
    """An older sibling filmed needs their own consent; one not filmed does not."""
    cycle = _planned()
    referral = cycle.case.referral
    older = HouseholdChildFactory(
        referral=referral, first_name="Noah", date_of_birth=_years_ago(14, days=30)
    )
    HouseholdChildFactory(
        referral=referral, first_name="Ella", date_of_birth=_years_ago(12, days=30)
    )
    refused = _film(client, cycle, filmed_on=_days_ago(1), children=["focus", str(older.pk)])
    # Ella (12) is not filmed, so only Noah's consent is missing.
    assert (
        f"Noah (14) was 12 or over on {_long(_days_ago(1))} and has not given their own consent"
        in refused.content.decode()
    )
    ConsentFactory(
        case=cycle.case,
        given_by="Noah",
        given_by_child=True,
        household_child=older,
        given_on=_days_ago(1),
    )
    assert (
        _film(client, cycle, filmed_on=_days_ago(1), children=["focus", str(older.pk)])
    ).status_code == 302
    cycle.refresh_from_db()
    assert list(cycle.household_children_filmed.all()) == [older]
    assert cycle.focus_child_filmed is True


def test_a_childs_consent_withdrawn_before_the_filming_does_not_cover_it(client, db):
    """The child's consent must be in force on the filming day, not only once given."""
    cycle = _planned(
        referral__child_first_name="Tia", referral__child_date_of_birth=_years_ago(15, days=30)
    )
    ConsentFactory(
        case=cycle.case,
        given_by="Tia",
        given_by_child=True,
        focus_child=True,
        given_on=_days_ago(20),
        withdrawn_on=_days_ago(10),
    )
    response = _film(client, cycle, filmed_on=_days_ago(5))
    assert "Tia (15) was 12 or over" in response.content.decode()


def test_a_filming_must_say_which_children_were_filmed(client, db):
    """Leaving the children unticked is refused with a message saying what to do."""
    cycle = _planned()
    response = _film(client, cycle, filmed_on=_days_ago(1), children=[])
    assert "Select the children who were filmed" in response.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).status == Cycle.Status.PLANNED


# Correcting the date filmed


def test_the_guider_corrects_the_date_filmed_and_the_limit_follows_it(client, db):
    """The timeline records the old and new date; six months count from the corrected date."""
    cycle = FilmedCycleFactory()
    old = cycle.filmed_on
    new = old - timedelta(days=3)
    client.force_login(cycle.case.guider)
    detail = client.get(reverse("cycles:detail", args=[cycle.pk]))
    assert reverse("cycles:filming_date", args=[cycle.pk]) in detail.content.decode()
    response = _correct(client, cycle, filmed_on=new)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.filmed_on == new
    event = CaseEvent.objects.filter(case=cycle.case, action="filming_date_corrected").get()
    assert event.actor == cycle.case.guider
    assert event.note == (
        f"Cycle {cycle.number}: date filmed corrected from {_long(old)} to {_long(new)}"
    )
    timeline = client.get(reverse("cases:timeline", args=[cycle.case.pk])).content.decode()
    assert f"corrected from {_long(old)} to {_long(new)}" in timeline
    cycles = client.get(reverse("cycles:list", args=[cycle.case.pk])).content.decode()
    assert f"no new cycle after {_long(add_months(new, 6))}" in cycles


def test_a_corrected_date_must_still_be_covered(client, db):
    """A correction to before the case opened is refused like a new filming would be."""
    cycle = FilmedCycleFactory()
    before = cycle.case.opened_on - timedelta(days=1)
    response = _correct(client, cycle, filmed_on=before)
    assert response.status_code == 200
    assert "The date filmed must be on or after the case was opened on" in (
        response.content.decode()
    )
    assert not CaseEvent.objects.filter(action="filming_date_corrected").exists()


def test_a_corrected_date_cannot_come_after_the_clips_were_chosen_or_shown(client, db):
    """The filming comes before its editing: a later date is refused, naming the edit date."""
    cycle = EditedCycleFactory()
    response = _correct(client, cycle, filmed_on=cycle.edited_on + timedelta(days=1))
    assert (
        f"The date filmed cannot be after the clips were chosen on {_long(cycle.edited_on)}"
        in response.content.decode()
    )
    shown = ClipShowingFactory(cycle=cycle, shown_on=cycle.edited_on)
    cycle.edited_on = _days_ago(1)
    cycle.save(update_fields=["edited_on"])
    response = _correct(client, cycle, filmed_on=shown.shown_on + timedelta(days=1))
    assert f"after the clips were shown on {_long(shown.shown_on)}" in response.content.decode()


def test_the_date_filmed_cannot_be_corrected_once_the_shared_review_is_held(client, db):
    """After the review the page is not offered, and a posted correction changes nothing."""
    cycle = ReviewedCycleFactory()
    client.force_login(cycle.case.guider)
    detail = client.get(reverse("cycles:detail", args=[cycle.pk])).content.decode()
    assert reverse("cycles:filming_date", args=[cycle.pk]) not in detail
    before = cycle.filmed_on
    response = _correct(client, cycle, filmed_on=before - timedelta(days=1))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "so you cannot correct the date filmed now" in page
    cycle.refresh_from_db()
    assert cycle.filmed_on == before


@pytest.mark.parametrize(
    "factory",
    [
        FilmedCycleFactory,
        EditedCycleFactory,
        ReviewedCycleFactory,
        case_factories.ReviewedCycleFactory,
    ],
)
def test_the_factories_make_covered_filmings(db, factory):
    """Every filmed factory cycle passes the rule the pages enforce, filming the child referred."""
    cycle = factory()
    case = cycle.case
    children = selectors.children_filmed(
        cycle=cycle, children=selectors.filmable_children(case=case)
    )
    assert [child.key for child in children] == [rules.FOCUS_CHILD]
    assert (
        rules.why_filming_not_covered(
            filmed_on=cycle.filmed_on,
            opened_on=case.opened_on,
            contract_agreed_on=case.contract_agreed_on,
            consents=selectors.filming_consents(case=case),
            children_filmed=children,
        )
        is None
    )

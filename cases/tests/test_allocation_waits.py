"""The allocation waits follow every write to a case and its referral's submission, and the
home page's median reads them (docs/architecture.md, "The limit facts")."""

from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import TruncMonth
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_of_hypothesis
from hypothesis import strategies as st

from cases.models import AllocationMonth, AllocationWait, Case
from cases.selectors import median_waits_to_allocation
from cases.tests.factories import CaseFactory
from referrals.models import Referral
from vig_service.core.aggregates import median

START = timezone.make_aware(datetime(2026, 3, 1, 9))


def _fresh_waits() -> dict[int, tuple]:
    return {
        case.pk: (case.created_at, case.created_at - case.referral.submitted_at)
        for case in Case.objects.select_related("referral")
    }


def _stored_waits() -> dict[int, tuple]:
    rows = AllocationWait.objects.values_list("case_id", "allocated_at", "waited")
    return {pk: (at, waited) for pk, at, waited in rows}


def test_each_case_has_its_wait_even_after_a_corrected_submission_or_a_deletion(db):
    """A wait per case, the same as the records', after writes to cases and referrals."""
    cases = [
        CaseFactory(referral__submitted_at=START - timedelta(days=days)) for days in (3, 10, 40)
    ]
    Case.objects.filter(pk=cases[0].pk).update(created_at=START + timedelta(days=2))
    Referral.objects.filter(pk=cases[1].referral_id).update(submitted_at=START)
    cases[2].delete()

    assert _stored_waits() == _fresh_waits()
    assert len(_stored_waits()) == 2


def _allocated(*, waited_days: float, at: datetime) -> None:
    _allocated_case(waited_days, at)


def _allocated_case(waited_days: float, at: datetime) -> Case:
    case = CaseFactory(referral__submitted_at=at - timedelta(days=waited_days))
    Case.objects.filter(pk=case.pk).update(created_at=at)
    case.created_at = at
    return case


def test_median_wait_to_allocation_equals_the_median_of_the_cases_allocated_that_month(db):
    """The median read from the waits equals percentile_cont's over each case's referral,
    for an odd and an even number of cases, and a month with none."""
    for days in (1, 4.3, 9.77, 30):
        _allocated(waited_days=days, at=START + timedelta(hours=days))
    # Allocated in April, though it is 1 April in UTC before it is in London.
    _allocated(waited_days=2, at=timezone.make_aware(datetime(2026, 4, 1, 0, 30)))
    wait = ExpressionWrapper(
        F("created_at") - F("referral__submitted_at"), output_field=DurationField()
    )
    march = Case.objects.filter(created_at__month=3).aggregate(m=median(wait))["m"]

    waits = median_waits_to_allocation(
        {"march": START.date(), "april": date(2026, 4, 20), "may": date(2026, 5, 1)}
    )

    assert waits == {"march": march, "april": timedelta(days=2), "may": None}
    _allocated(waited_days=50, at=START)
    odd = Case.objects.filter(created_at__month=3).aggregate(m=median(wait))["m"]
    assert median_waits_to_allocation({"march": START.date()}) == {"march": odd}
    assert odd == timedelta(days=9.77)


def test_each_call_reads_its_own_months_though_the_names_are_the_same(db):
    """The home page's "this" and "last" months move with the date; the medians follow."""
    _allocated(waited_days=4, at=START + timedelta(days=2))  # March
    _allocated(waited_days=12, at=START + timedelta(days=40))  # April

    def waits(this, last):
        return median_waits_to_allocation({"this": this, "last": last})

    march, april, may = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
    assert waits(march, date(2026, 2, 1)) == {"this": timedelta(days=4), "last": None}
    assert waits(april, march) == {"this": timedelta(days=12), "last": timedelta(days=4)}
    assert waits(may, april) == {"this": None, "last": timedelta(days=12)}


def _months_kept() -> dict[datetime, int]:
    rows = AllocationMonth.objects.filter(zone=settings.TIME_ZONE).exclude(waits=0)
    return {row.month: row.waits for row in rows}


def _months_fresh() -> dict[datetime, int]:
    months = (
        AllocationWait.objects.exclude(waited=None)
        .annotate(month=TruncMonth("allocated_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return dict(months)


STEP = st.tuples(
    st.sampled_from(["allocate", "move", "resubmit", "delete"]),
    st.integers(0, 20),
    st.integers(-70, 70),
)


@pytest.mark.django_db
@settings_of_hypothesis(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(STEP, min_size=1, max_size=15))
def test_the_months_kept_count_each_months_waits_after_any_writes(steps):
    """Allocating, moving an allocation across months, correcting a submission and deleting a
    case leave each month's kept count equal to a fresh count of its waits."""
    Case.objects.all().delete()  # each example starts from what it writes
    for kind, pick, days in steps:
        cases = list(Case.objects.order_by("pk"))
        case = cases[pick % len(cases)] if cases else None
        if kind == "allocate" or case is None:
            _allocated(waited_days=abs(days) + 0.5, at=START + timedelta(days=days))
        elif kind == "move":
            Case.objects.filter(pk=case.pk).update(created_at=START + timedelta(days=days))
        elif kind == "resubmit":
            Referral.objects.filter(pk=case.referral_id).update(
                submitted_at=START - timedelta(days=abs(days))
            )
        else:
            case.delete()
    assert _months_kept() == _months_fresh()


def test_a_month_not_kept_in_the_service_zone_is_counted_afresh(db):
    """Counts kept for another time zone (the service's zone since changed) are not used: the
    median is the same as with the kept count."""
    for days in (2, 5, 11):
        _allocated(waited_days=days, at=START + timedelta(days=days))
    kept = median_waits_to_allocation({"march": START.date()})
    AllocationMonth.objects.update(zone="America/New_York", waits=99)
    assert (
        median_waits_to_allocation({"march": START.date()}) == kept == {"march": timedelta(days=5)}
    )


def test_a_median_read_again_follows_every_change_to_the_month_even_one_rolled_back(db):
    """A month's median is kept between reads only while its waits are unchanged: a corrected
    submission (the count the same), and a read inside a transaction that was rolled back,
    never leave the page showing an old median."""
    cases = [_allocated_case(days, START + timedelta(days=days)) for days in (2, 5, 11)]
    march = {"march": START.date()}
    assert median_waits_to_allocation(march) == {"march": timedelta(days=5)}
    assert median_waits_to_allocation(march) == {"march": timedelta(days=5)}  # kept
    Referral.objects.filter(pk=cases[1].referral_id).update(
        submitted_at=cases[1].created_at - timedelta(days=8)
    )
    assert median_waits_to_allocation(march) == {"march": timedelta(days=8)}

    def read_then_roll_back():
        with transaction.atomic():
            _allocated_case(30, START + timedelta(days=1))
            assert median_waits_to_allocation(march) == {"march": timedelta(days=9.5)}
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        read_then_roll_back()
    _allocated_case(1, START + timedelta(days=1))  # the count is what it was rolled back to
    assert median_waits_to_allocation(march) == {"march": timedelta(days=5)}

"""The allocation waits follow every write to a case and its referral's submission, and the
home page's median reads them (docs/architecture.md, "The limit facts")."""

from datetime import datetime, timedelta

from django.db.models import DurationField, ExpressionWrapper, F
from django.utils import timezone

from cases.models import AllocationWait, Case
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


def test_median_wait_to_allocation_equals_the_median_of_the_cases_allocated_that_month(db):
    """The median read from the waits equals the one computed from each case's referral."""
    for days in (1, 4, 9, 30):
        case = CaseFactory(referral__submitted_at=START - timedelta(days=days))
        Case.objects.filter(pk=case.pk).update(created_at=START + timedelta(hours=days))
    month = (START - timedelta(hours=9), START + timedelta(days=30))
    wait = ExpressionWrapper(
        F("created_at") - F("referral__submitted_at"), output_field=DurationField()
    )
    expected = Case.objects.filter(created_at__range=month).aggregate(m=median(wait))["m"]

    waits = median_waits_to_allocation(
        {"march": month, "empty": (START - timedelta(days=60),) * 2}
    )

    assert waits == {"march": expected, "empty": None}


def test_each_call_reads_its_own_months_though_the_names_are_the_same(db):
    """The home page's "this" and "last" months move with the date; the medians follow."""
    for days in (2, 6):  # waits of 4 and 12 days, allocated 2 and 6 days after START
        case = CaseFactory(referral__submitted_at=START - timedelta(days=days))
        Case.objects.filter(pk=case.pk).update(created_at=START + timedelta(days=days))
    first = (START, START + timedelta(days=4))
    second = (START + timedelta(days=4), START + timedelta(days=30))
    empty = (START + timedelta(days=30),) * 2

    def waits(this, last):
        return median_waits_to_allocation({"this": this, "last": last})

    assert waits(first, empty) == {"this": timedelta(days=4), "last": None}
    assert waits(second, first) == {"this": timedelta(days=12), "last": timedelta(days=4)}

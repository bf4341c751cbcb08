"""seed_scale: a realistic, reproducible spread, written without disturbing other accounts."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone

from cases.models import AllocationWait, Case, CaseLimitFacts
from cycles.models import Cycle, Rating
from referrals.models import Referral
from referrals.tests.factories import SubmittedReferralFactory
from training.models import Course, Trainee
from vig_service.accounts.models import User
from vig_service.accounts.tests.factories import ManagerFactory
from vig_service.audit.models import ReferralHistory
from vig_service.reports import queries
from vig_service.reports.forms import DateRange
from vig_service.reports.tests import fresh


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_scale", stdout=out, force=True, **options)
    return out.getvalue()


def _fingerprint() -> list[tuple]:
    return list(
        Referral.objects.order_by("reference").values_list(
            "reference", "status", "submitted_at", "priority_tier", "route_in"
        )
    )


def test_seed_scale_spreads_referrals_over_every_status_with_cases_cycles_and_ratings(db):
    """Every status, about 40% with cases, cycles with ratings, courses and trainees."""
    manager = ManagerFactory(email="manager@example.org")
    output = _seed(referrals=600, seed=11)

    assert "600 referral" in output
    assert Referral.objects.count() == 600
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(Referral.Status.values)
    share_with_cases = Case.objects.count() / 600
    assert 0.3 < share_with_cases < 0.5
    per_case = Cycle.objects.values("case").annotate(n=Count("pk")).values_list("n", flat=True)
    assert max(per_case) == 6
    assert Rating.objects.filter(kind=Rating.Kind.REVIEW).exists()
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert Course.objects.exists()
    assert Trainee.objects.filter(status=Trainee.Status.ACCREDITED).exists()
    manager.refresh_from_db()
    assert manager.has_usable_password()
    assert (
        not User.objects.filter(email__endswith="@scale.example.org")
        .exclude(password__startswith="!")
        .exists()
    )


def test_the_same_seed_gives_the_same_referrals(db):
    """Run twice from seed 5 (emptied between): identical references, statuses and dates."""
    _seed(referrals=150, seed=5)
    first = _fingerprint()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending checks
        cursor.execute(
            "TRUNCATE referrals_referral, accounts_user, accounts_team, training_course "
            "RESTART IDENTITY CASCADE"
        )
    _seed(referrals=150, seed=5)
    assert _fingerprint() == first


def test_seed_scale_refuses_a_database_that_already_has_scale_data(db):
    _seed(referrals=30)
    with pytest.raises(CommandError, match="already has scale data"):
        _seed(referrals=30)


def test_seed_scale_writes_no_history_for_its_rows_and_history_resumes_afterwards(db):
    _seed(referrals=40)
    assert not ReferralHistory.objects.exists()

    referral = SubmittedReferralFactory()

    assert ReferralHistory.objects.filter(pgh_obj=referral).exists()


def test_the_tables_triggers_keep_hold_what_the_triggers_would_have_written(db):
    """The rows are copied with no trigger firing; the limit facts, the allocation waits and
    the report summaries are then filled as if every trigger had fired."""
    _seed(referrals=300, seed=5)

    cases = Case.objects.select_related("referral").annotate(
        started=Count("cycles"), first_filmed=Min("cycles__filmed_on")
    )
    facts = {fact.case_id: fact for fact in CaseLimitFacts.objects.all()}
    assert {
        pk: (fact.open, fact.cycles_started, fact.first_filmed_on) for pk, fact in facts.items()
    } == {
        case.pk: (case.status != Case.Status.CLOSED, case.started, case.first_filmed)
        for case in cases
    }
    assert dict(AllocationWait.objects.values_list("case_id", "waited")) == {
        case.pk: case.created_at - case.referral.submitted_at for case in cases
    }
    whole = DateRange(start=date(2000, 1, 1), end=timezone.localdate())
    assert queries.referral_counts(whole) == fresh.referral_counts(whole)
    assert _rounded(queries.outcome_counts(whole)) == _rounded(fresh.outcome_counts(whole))


def _rounded(figures):
    """The figures with each number to nine places (summaries give means as decimals)."""
    if isinstance(figures, dict):
        return {key: _rounded(value) for key, value in figures.items()}
    if isinstance(figures, list | tuple):
        return [_rounded(value) for value in figures]
    return round(float(figures), 9) if hasattr(figures, "as_integer_ratio") else figures

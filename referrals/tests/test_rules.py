"""Tests for the pure referral rules: no database needed."""

import dataclasses
from datetime import date

import pytest

from referrals.choices import PlanStatus, PrfqVersion, SchoolYear
from referrals.rules import (
    NO_PARENT,
    NO_PARENT_READY,
    Age,
    Eligibility,
    EligibilityRules,
    age_on,
    child_consent_needed,
    evaluate_eligibility,
    nhs_number_is_valid,
    normalise_nhs_number,
    prfq_version_for,
    prfq_version_problem,
    priority_tier,
    school_year_for,
    school_year_note,
)

TODAY = date(2025, 6, 15)
TOMORROW = date(2025, 6, 16)

TIERS = {
    PlanStatus.LAC: 1,
    PlanStatus.ADOPTED: 1,
    PlanStatus.CP: 2,
    PlanStatus.CIN: 3,
    PlanStatus.EHA: 4,
    PlanStatus.NONE: None,
}

NHS_REDIRECT = (
    "Looked after and adopted children are referred to the NHS community health service."
)

NORTHAMPTONSHIRE = EligibilityRules(
    min_age_years=0,
    max_age_years=11,
    minimum_plan_status=PlanStatus.EHA,
    tiers=TIERS,
    redirects={PlanStatus.LAC: NHS_REDIRECT, PlanStatus.ADOPTED: NHS_REDIRECT},
)

CORNWALL = EligibilityRules(
    min_age_years=0,
    max_age_years=25,
    minimum_plan_status=PlanStatus.NONE,
    tiers=TIERS,
    redirects={},
)

# A service that only takes CIN or higher (tiers 1 to 3).
CIN_OR_HIGHER = EligibilityRules(
    min_age_years=0,
    max_age_years=11,
    minimum_plan_status=PlanStatus.CIN,
    tiers=TIERS,
)

# A service that starts at 2, needs CP or higher and redirects EHA: one child can fail all three.
STRICT = EligibilityRules(
    min_age_years=2,
    max_age_years=11,
    minimum_plan_status=PlanStatus.CP,
    tiers=TIERS,
    redirects={PlanStatus.EHA: "Early help referrals go to the family hub."},
)

ELIGIBLE = Eligibility(eligible=True, reasons=())
# One parent or carer, motivated and agreed: (motivated, agreed to the referral).
READY = [(True, True)]

TOO_OLD_12 = "The child is 12 years 0 months old. This service accepts children aged 0 to 11."
FUTURE = "The child's date of birth is in the future."
NO_DOB = "Enter the child's date of birth to check their age."
NO_STATUS = "Choose the child's legal or plan status."
NONE_BELOW_EHA = (
    "The child's plan status is “None of these”. "
    "This service needs at least: Early help assessment or early help plan (EHA)."
)


def not_eligible(*reasons: str, redirect_message: str = "") -> Eligibility:
    """Build the expected result for an ineligible referral."""
    return Eligibility(eligible=False, reasons=reasons, redirect_message=redirect_message)


@pytest.mark.parametrize(
    ("date_of_birth", "on", "expected"),
    [
        pytest.param(TODAY, TODAY, Age(0, 0), id="born-today"),
        pytest.param(date(2025, 5, 15), TODAY, Age(0, 1), id="one-month-exactly"),
        pytest.param(date(2025, 5, 16), TODAY, Age(0, 0), id="one-month-less-a-day"),
        pytest.param(date(2013, 6, 16), TODAY, Age(11, 11), id="day-before-12th-birthday"),
        pytest.param(date(2013, 6, 15), TODAY, Age(12, 0), id="12th-birthday"),
        pytest.param(date(2013, 3, 15), TODAY, Age(12, 3), id="12-years-3-months"),
        pytest.param(date(2010, 12, 20), date(2025, 1, 5), Age(14, 0), id="across-new-year"),
        pytest.param(date(2012, 2, 29), date(2024, 2, 28), Age(11, 11), id="29-feb-leap-eve"),
        pytest.param(date(2012, 2, 29), date(2024, 2, 29), Age(12, 0), id="29-feb-leap-day"),
        pytest.param(
            date(2012, 2, 29), date(2023, 2, 28), Age(10, 11), id="29-feb-non-leap-28-feb"
        ),
        pytest.param(date(2012, 2, 29), date(2023, 3, 1), Age(11, 0), id="29-feb-non-leap-1-mar"),
        pytest.param(date(2012, 2, 29), date(2012, 3, 28), Age(0, 0), id="29-feb-first-month"),
        pytest.param(date(2025, 1, 31), date(2025, 2, 28), Age(0, 0), id="31-jan-on-28-feb"),
        pytest.param(date(2024, 1, 31), date(2024, 2, 29), Age(0, 0), id="31-jan-on-29-feb"),
        pytest.param(date(2025, 1, 31), date(2025, 3, 1), Age(0, 1), id="31-jan-on-1-mar"),
        pytest.param(date(2025, 1, 31), date(2025, 3, 31), Age(0, 2), id="31-jan-on-31-mar"),
        pytest.param(TOMORROW, TODAY, None, id="born-tomorrow"),
    ],
)
def test_age_on(date_of_birth, on, expected):
    """Age is completed years and months; month-ends and 29 February roll to the 1st."""
    assert age_on(date_of_birth, on) == expected


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        pytest.param(Age(12, 3), "12 years 3 months", id="plural"),
        pytest.param(Age(1, 1), "1 year 1 month", id="singular"),
        pytest.param(Age(0, 0), "0 years 0 months", id="zero-is-plural"),
        pytest.param(Age(3, 0), "3 years 0 months", id="whole-years"),
        pytest.param(Age(0, 1), "0 years 1 month", id="one-month"),
        pytest.param(Age(1, 11), "1 year 11 months", id="mixed"),
    ],
)
def test_age_str(age, expected):
    """Ages read as words, singular for exactly one."""
    assert str(age) == expected


@pytest.mark.parametrize(
    ("rules", "date_of_birth", "plan_status", "expected"),
    [
        # Northamptonshire: 0 to 11, at least EHA, LAC and adopted go to the NHS.
        pytest.param(
            NORTHAMPTONSHIRE, date(2013, 6, 16), PlanStatus.CIN, ELIGIBLE, id="north-day-before-12"
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            date(2013, 6, 15),
            PlanStatus.CIN,
            not_eligible(TOO_OLD_12),
            id="north-12th-birthday",
        ),
        pytest.param(NORTHAMPTONSHIRE, TODAY, PlanStatus.EHA, ELIGIBLE, id="north-born-today"),
        pytest.param(
            NORTHAMPTONSHIRE, TOMORROW, PlanStatus.EHA, not_eligible(FUTURE), id="north-future"
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            date(2020, 1, 1),
            PlanStatus.NONE,
            not_eligible(NONE_BELOW_EHA),
            id="north-status-none",
        ),
        pytest.param(NORTHAMPTONSHIRE, date(2020, 1, 1), PlanStatus.EHA, ELIGIBLE, id="north-eha"),
        pytest.param(
            NORTHAMPTONSHIRE,
            date(2020, 1, 1),
            PlanStatus.LAC,
            not_eligible(NHS_REDIRECT, redirect_message=NHS_REDIRECT),
            id="north-lac-redirected",
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            date(2020, 1, 1),
            PlanStatus.ADOPTED,
            not_eligible(NHS_REDIRECT, redirect_message=NHS_REDIRECT),
            id="north-adopted-redirected",
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            date(2013, 6, 15),
            PlanStatus.NONE,
            not_eligible(TOO_OLD_12, NONE_BELOW_EHA),
            id="north-too-old-and-no-plan",
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            None,
            None,
            not_eligible(NO_DOB, NO_STATUS),
            id="north-nothing-entered",
        ),
        pytest.param(
            NORTHAMPTONSHIRE,
            TOMORROW,
            "",
            not_eligible(FUTURE, NO_STATUS),
            id="north-future-and-blank-status",
        ),
        # Cornwall: 0 to 25, any status, no redirects.
        pytest.param(
            CORNWALL, date(2013, 6, 16), PlanStatus.CIN, ELIGIBLE, id="cornwall-day-before-12"
        ),
        pytest.param(
            CORNWALL, date(2013, 6, 15), PlanStatus.CIN, ELIGIBLE, id="cornwall-12th-birthday"
        ),
        pytest.param(CORNWALL, TODAY, PlanStatus.NONE, ELIGIBLE, id="cornwall-born-today"),
        pytest.param(
            CORNWALL, TOMORROW, PlanStatus.NONE, not_eligible(FUTURE), id="cornwall-future"
        ),
        pytest.param(CORNWALL, date(2001, 1, 1), PlanStatus.EHA, ELIGIBLE, id="cornwall-aged-24"),
        pytest.param(
            CORNWALL, date(1999, 6, 16), PlanStatus.EHA, ELIGIBLE, id="cornwall-day-before-26"
        ),
        pytest.param(
            CORNWALL,
            date(1999, 6, 15),
            PlanStatus.EHA,
            not_eligible(
                "The child is 26 years 0 months old. This service accepts children aged 0 to 25."
            ),
            id="cornwall-26th-birthday",
        ),
        pytest.param(
            CORNWALL,
            date(1999, 1, 1),
            PlanStatus.EHA,
            not_eligible(
                "The child is 26 years 5 months old. This service accepts children aged 0 to 25."
            ),
            id="cornwall-aged-26",
        ),
        pytest.param(
            CORNWALL, date(2020, 1, 1), PlanStatus.NONE, ELIGIBLE, id="cornwall-status-none"
        ),
        pytest.param(CORNWALL, date(2020, 1, 1), PlanStatus.LAC, ELIGIBLE, id="cornwall-lac"),
        pytest.param(
            CORNWALL, date(2020, 1, 1), None, not_eligible(NO_STATUS), id="cornwall-no-status"
        ),
        # Minimum of CIN: tiers 1 to 3 pass.
        pytest.param(CIN_OR_HIGHER, date(2020, 1, 1), PlanStatus.LAC, ELIGIBLE, id="cin-min-lac"),
        pytest.param(CIN_OR_HIGHER, date(2020, 1, 1), PlanStatus.CP, ELIGIBLE, id="cin-min-cp"),
        pytest.param(CIN_OR_HIGHER, date(2020, 1, 1), PlanStatus.CIN, ELIGIBLE, id="cin-min-cin"),
        pytest.param(
            CIN_OR_HIGHER,
            date(2020, 1, 1),
            PlanStatus.EHA,
            not_eligible(
                "The child's plan status is “Early help assessment or early help plan (EHA)”. "
                "This service needs at least: Child in need plan (CIN)."
            ),
            id="cin-min-eha",
        ),
        pytest.param(
            CIN_OR_HIGHER,
            date(2020, 1, 1),
            PlanStatus.NONE,
            not_eligible(
                "The child's plan status is “None of these”. "
                "This service needs at least: Child in need plan (CIN)."
            ),
            id="cin-min-none",
        ),
        # Age, status and redirect all failing: reasons come in that order.
        pytest.param(
            STRICT,
            date(2024, 6, 16),
            PlanStatus.EHA,
            not_eligible(
                "The child is 0 years 11 months old. This service accepts children aged 2 to 11.",
                "The child's plan status is “Early help assessment or early help plan (EHA)”. "
                "This service needs at least: Child protection plan (CP).",
                "Early help referrals go to the family hub.",
                redirect_message="Early help referrals go to the family hub.",
            ),
            id="strict-too-young-low-status-redirected",
        ),
    ],
)
def test_evaluate_eligibility(rules, date_of_birth, plan_status, expected):
    """Eligibility collects every failing reason in order: age, status, redirect."""
    result = evaluate_eligibility(
        date_of_birth=date_of_birth,
        plan_status=plan_status,
        parents=READY,
        on=TODAY,
        rules=rules,
    )
    assert result == expected


def test_reason_for_child_aged_12_years_3_months():
    """The age reason reads exactly as the design's example."""
    result = evaluate_eligibility(
        date_of_birth=date(2013, 3, 15),
        plan_status=PlanStatus.CP,
        parents=READY,
        on=TODAY,
        rules=NORTHAMPTONSHIRE,
    )
    assert not result.eligible
    assert result.reasons == (
        "The child is 12 years 3 months old. This service accepts children aged 0 to 11.",
    )
    assert result.redirect_message == ""


def test_lac_in_cornwall_is_eligible_at_tier_1():
    """Cornwall accepts a looked after child at the highest priority."""
    result = evaluate_eligibility(
        date_of_birth=date(2020, 1, 1),
        plan_status=PlanStatus.LAC,
        parents=READY,
        on=TODAY,
        rules=CORNWALL,
    )
    assert result.eligible
    assert result.redirect_message == ""
    assert priority_tier(PlanStatus.LAC, CORNWALL) == 1


@pytest.mark.parametrize(
    ("plan_status", "expected"),
    [
        pytest.param(PlanStatus.LAC, 1, id="lac"),
        pytest.param(PlanStatus.ADOPTED, 1, id="adopted"),
        pytest.param(PlanStatus.CP, 2, id="cp"),
        pytest.param(PlanStatus.CIN, 3, id="cin"),
        pytest.param(PlanStatus.EHA, 4, id="eha"),
        pytest.param(PlanStatus.NONE, None, id="none-of-these"),
        pytest.param("lac", 1, id="plain-string-value"),
        pytest.param(None, None, id="missing"),
        pytest.param("", None, id="blank"),
        pytest.param("unknown", None, id="unknown"),
    ],
)
def test_priority_tier(plan_status, expected):
    """The tier comes from the service's configuration; missing or unknown has none."""
    assert priority_tier(plan_status, NORTHAMPTONSHIRE) == expected


@pytest.mark.parametrize(
    ("focus_child", "household", "expected"),
    [
        pytest.param(date(2013, 6, 15), [], True, id="focus-child-12"),
        pytest.param(date(2005, 1, 1), [], True, id="focus-child-20"),
        pytest.param(date(2020, 1, 1), [date(2013, 6, 15)], True, id="sibling-12"),
        pytest.param(
            date(2020, 1, 1), [date(2018, 1, 1), date(2010, 1, 1)], True, id="second-sibling-15"
        ),
        pytest.param(date(2020, 1, 1), [date(2013, 6, 16)], False, id="sibling-12-tomorrow"),
        pytest.param(date(2013, 6, 16), [], False, id="focus-child-12-tomorrow"),
        pytest.param(None, [None, date(2018, 1, 1)], False, id="none-dates-ignored"),
        pytest.param(None, [None, date(2010, 1, 1)], True, id="none-focus-sibling-15"),
        pytest.param(date(2020, 1, 1), [TOMORROW], False, id="sibling-born-in-future"),
        pytest.param(None, [], False, id="no-children"),
        pytest.param(date(2020, 1, 1), (d for d in [date(2010, 1, 1)]), True, id="generator"),
    ],
)
def test_child_consent_needed(focus_child, household, expected):
    """Consent to filming is needed when any child in the household is 12 or over."""
    assert (
        child_consent_needed(
            focus_child_date_of_birth=focus_child, household_dates_of_birth=household, on=TODAY
        )
        is expected
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("943 476 5919", "9434765919", id="spaces"),
        pytest.param("943-476-5919", "9434765919", id="hyphens"),
        pytest.param(" 943 476-5919 ", "9434765919", id="mixed-and-padded"),
        pytest.param("9434765919", "9434765919", id="already-normal"),
        pytest.param("943.476.5919", "943.476.5919", id="dots-kept"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalise_nhs_number(value, expected):
    """Only spaces and hyphens are removed."""
    assert normalise_nhs_number(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("9434765919", id="known-valid-1"),
        pytest.param("4010232137", id="known-valid-2"),
        pytest.param("943 476 5919", id="with-spaces"),
        pytest.param("401-023-2137", id="with-hyphens"),
        pytest.param("9876543210", id="check-11-becomes-0"),
        pytest.param("4000000004", id="computed"),
    ],
)
def test_valid_nhs_numbers(value):
    """Ten digits whose last digit matches the modulus 11 check."""
    assert nhs_number_is_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("9434765918", id="wrong-check-digit"),
        pytest.param("4010232138", id="wrong-check-digit-2"),
        pytest.param("9876543211", id="check-0-expected"),
        # 123456789 weighs to 10 * 1 + 9 * 2 + ... + 2 * 9 = 210; 210 % 11 = 1, check 10.
        pytest.param("1234567890", id="check-10-with-0"),
        pytest.param("1234567891", id="check-10-with-1"),
        pytest.param("943476591", id="9-digits"),
        pytest.param("94347659190", id="11-digits"),
        pytest.param("943476591A", id="letter"),
        pytest.param("abcdefghij", id="letters"),
        pytest.param("943.476.5919", id="dots"),
        pytest.param("943\t476\t5919", id="tabs"),
        pytest.param("９４３４７６５９１９", id="full-width-digits"),
        pytest.param("", id="empty"),
    ],
)
def test_invalid_nhs_numbers(value):
    """Wrong length, non-digits or a failing check digit are all invalid."""
    assert not nhs_number_is_valid(value)


@pytest.mark.parametrize(
    ("parents", "expected"),
    [
        pytest.param([(True, True)], (), id="motivated-and-agreed"),
        pytest.param([(True, False), (False, True)], (NO_PARENT_READY,), id="each-only-one"),
        pytest.param([(False, False)], (NO_PARENT_READY,), id="neither"),
        pytest.param([(False, False), (True, True)], (), id="the-second-is-ready"),
        pytest.param([], (NO_PARENT,), id="no-parent-yet"),
    ],
)
def test_a_motivated_parent_who_has_agreed_is_an_eligibility_criterion(parents, expected):
    """Without a parent or carer both motivated and agreed, the referral is not eligible."""
    result = evaluate_eligibility(
        date_of_birth=date(2020, 1, 1),
        plan_status=PlanStatus.CP,
        parents=parents,
        on=TODAY,
        rules=NORTHAMPTONSHIRE,
    )
    assert result.reasons == expected
    assert result.eligible == (not expected)


def test_a_service_that_switches_the_parent_criterion_off_accepts_any_answers():
    """With the criterion off, the parents' answers do not affect eligibility."""
    rules = dataclasses.replace(NORTHAMPTONSHIRE, parent_ready_required=False)
    result = evaluate_eligibility(
        date_of_birth=date(2020, 1, 1),
        plan_status=PlanStatus.CP,
        parents=[(False, False)],
        on=TODAY,
        rules=rules,
    )
    assert result == ELIGIBLE


@pytest.mark.parametrize(
    ("date_of_birth", "on", "expected"),
    [
        # 1 September is the cut-off: the oldest and youngest of one Year 1.
        pytest.param(date(2019, 9, 1), date(2025, 9, 1), SchoolYear.Y1, id="oldest-in-year-1"),
        pytest.param(date(2020, 8, 31), date(2025, 9, 1), SchoolYear.Y1, id="youngest-in-year-1"),
        pytest.param(date(2020, 9, 1), date(2025, 9, 1), SchoolYear.RECEPTION, id="born-1-sep"),
        # The year changes on 1 September, not on the birthday or on 1 January.
        pytest.param(date(2019, 9, 1), date(2025, 8, 31), SchoolYear.RECEPTION, id="31-august"),
        pytest.param(date(2019, 9, 1), date(2026, 1, 1), SchoolYear.Y1, id="new-calendar-year"),
        pytest.param(date(2018, 2, 10), date(2026, 12, 2), SchoolYear.Y4, id="8-year-old"),
        pytest.param(date(2011, 9, 1), date(2026, 12, 2), SchoolYear.Y10, id="15-year-old"),
        pytest.param(date(2010, 8, 31), date(2026, 12, 2), SchoolYear.SIXTH_FORM, id="16"),
        pytest.param(date(2022, 8, 31), date(2026, 12, 2), SchoolYear.RECEPTION, id="just-4"),
        pytest.param(date(2022, 9, 1), date(2026, 12, 2), SchoolYear.NURSERY, id="nursery"),
        pytest.param(date(2024, 3, 1), date(2026, 12, 2), SchoolYear.NOT_AT_SCHOOL, id="2"),
        pytest.param(date(2016, 2, 29), date(2025, 9, 1), SchoolYear.Y5, id="leap-day"),
    ],
)
def test_school_year_comes_from_the_date_of_birth_with_a_1_september_cut_off(
    date_of_birth, on, expected
):
    """England's school year is set by the child's age on the 31 August before it starts."""
    assert school_year_for(date_of_birth, on) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        pytest.param(SchoolYear.Y4, "", id="matches"),
        pytest.param(SchoolYear.NOT_AT_SCHOOL, "", id="out-of-school-is-possible"),
        pytest.param(
            SchoolYear.Y9,
            "By their date of birth, the child would usually be in Year 4.",
            id="8-year-old-in-year-9",
        ),
        pytest.param("", "", id="not-answered"),
    ],
)
def test_school_year_note_says_when_the_answer_contradicts_the_age(answer, expected):
    """An 8-year-old said to be in Year 9 gets a note; a matching answer gets none."""
    note = school_year_note(answer=answer, date_of_birth=date(2018, 2, 10), on=date(2026, 12, 2))
    assert note == expected


def test_school_year_note_accepts_nursery_or_no_setting_below_school_age():
    """Nursery is optional, so a 3-year-old may be in either."""
    for answer in (SchoolYear.NURSERY, SchoolYear.NOT_AT_SCHOOL):
        assert not school_year_note(
            answer=answer, date_of_birth=date(2023, 1, 1), on=date(2026, 12, 2)
        )
    assert school_year_note(
        answer=SchoolYear.Y1, date_of_birth=date(2025, 1, 1), on=date(2026, 12, 2)
    ) == ("By their date of birth, the child is not yet old enough for nursery or school.")


@pytest.mark.parametrize(
    ("date_of_birth", "expected"),
    [
        pytest.param(date(2019, 6, 16), PrfqVersion.INFANT, id="5-years-11-months"),
        pytest.param(date(2019, 6, 15), PrfqVersion.CHILD, id="6th-birthday"),
        pytest.param(date(2013, 6, 16), PrfqVersion.CHILD, id="11-years-11-months"),
        pytest.param(date(2013, 6, 15), PrfqVersion.ADOLESCENT, id="12th-birthday"),
    ],
)
def test_prfq_version_follows_the_childs_age(date_of_birth, expected):
    """0 to 5, 6 to 11, then the adolescent version, by the age when it was completed."""
    assert prfq_version_for(date_of_birth, TODAY) == expected
    assert not prfq_version_problem(
        version=expected, date_of_birth=date_of_birth, completed_on=TODAY
    )


def test_prfq_version_problem_names_the_age_and_the_right_version():
    """A child version for a 12-year-old is refused, saying which version fits."""
    assert prfq_version_problem(
        version=PrfqVersion.CHILD, date_of_birth=date(2013, 3, 15), completed_on=TODAY
    ) == (
        "Check the PRFQ version: the child was 12 years 3 months old when it was completed, "
        "so it should be “PRFQ for parents of adolescents (PRFQ-A)”"
    )

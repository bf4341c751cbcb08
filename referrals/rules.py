"""Referral rules: age, eligibility, priority, consent, NHS numbers, school year
and PRFQ version.

Pure functions of plain values: no database, no settings, no I/O, so the referrer's
form, the coordinator's queue and the tests all get the same answer.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from referrals.choices import PlanStatus, PrfqVersion, SchoolYear

# Children aged 12 or over must give their own consent to be filmed.
CONSENT_AGE_YEARS = 12

# NHS numbers are often written "943 476 5919" or "943-476-5919"; only those separators
# are forgiven, so anything else (letters, dots, tabs) still makes the number invalid.
_NHS_SEPARATORS = re.compile(r"[ -]")
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def _plural(count: int, singular: str) -> str:
    """Return "1 year" or "2 years" style text."""
    return f"{count} {singular}" if count == 1 else f"{count} {singular}s"


@dataclass(frozen=True)
class Age:
    """An age in completed years and months, as shown to people."""

    years: int
    months: int

    def __str__(self) -> str:
        """Return the age in words, e.g. "12 years 3 months"."""
        return f"{_plural(self.years, 'year')} {_plural(self.months, 'month')}"


def age_on(date_of_birth: date, on: date) -> Age | None:
    """Completed years and months on a date; None if born after it."""
    if date_of_birth > on:
        return None
    months = (on.year - date_of_birth.year) * 12 + on.month - date_of_birth.month
    # A month is only completed on the same day-of-month as the birthday. When that day
    # does not exist (29 February in a non-leap year, the 31st in a short month) the
    # month is completed on the 1st of the next month, which is the English legal rule
    # for 29 February birthdays and falls out of this comparison without special cases.
    if on.day < date_of_birth.day:
        months -= 1
    return Age(years=months // 12, months=months % 12)


@dataclass(frozen=True)
class EligibilityRules:
    """A service's eligibility configuration, as plain values."""

    min_age_years: int
    # Inclusive: 11 accepts children up to the day before their 12th birthday.
    max_age_years: int
    # PlanStatus.NONE means the service accepts any status.
    minimum_plan_status: str
    # PlanStatus value -> priority tier (1 is highest) or None for "no tier".
    tiers: Mapping[str, int | None]
    # PlanStatus value -> message sending children with that status to another pathway.
    redirects: Mapping[str, str] = field(default_factory=dict)
    # At least one parent or carer must be motivated and have agreed.
    parent_ready_required: bool = True


@dataclass(frozen=True)
class Eligibility:
    """Whether a referral is eligible, with every reason it is not."""

    eligible: bool
    reasons: tuple[str, ...]
    redirect_message: str = ""


def _status_label(status: str) -> str:
    """Return the human label of a plan status, or the raw value if it is unknown."""
    # A stale configuration or old draft may hold a value that is no longer a choice;
    # showing the raw value is better than failing the whole eligibility check.
    try:
        return str(PlanStatus(status).label)
    except ValueError:
        return status


def _status_passes(status: str, rules: EligibilityRules) -> bool:
    """Whether a plan status meets the service's minimum."""
    if rules.minimum_plan_status == PlanStatus.NONE:
        return True
    tier = rules.tiers.get(status)
    minimum_tier = rules.tiers.get(rules.minimum_plan_status)
    # A minimum with no tier cannot be compared against, so nothing meets it; that is a
    # configuration mistake the coordinator will see rather than a silent "accept all".
    if tier is None or minimum_tier is None:
        return False
    return tier <= minimum_tier


def _age_reasons(date_of_birth: date | None, on: date, rules: EligibilityRules) -> list[str]:
    """Reasons the child's age makes the referral ineligible."""
    if date_of_birth is None:
        return ["Enter the child's date of birth to check their age."]
    age = age_on(date_of_birth, on)
    if age is None:
        return ["The child's date of birth is in the future."]
    if rules.min_age_years <= age.years <= rules.max_age_years:
        return []
    return [
        f"The child is {age} old. This service accepts children aged "
        f"{rules.min_age_years} to {rules.max_age_years}."
    ]


NO_PARENT_READY = (
    "No parent or carer is both motivated to take part and has agreed to the referral. "
    "This service needs at least one parent or carer who is."
)
NO_PARENT = "Add a parent or carer who is motivated to take part and has agreed to the referral."


def _parent_reasons(parents: Iterable[tuple[bool, bool]], rules: EligibilityRules) -> list[str]:
    """Why the parents' answers make the referral ineligible: none motivated and agreed."""
    if not rules.parent_ready_required:
        return []
    answers = list(parents)
    if not answers:
        return [NO_PARENT]
    if any(motivated and agreed for motivated, agreed in answers):
        return []
    return [NO_PARENT_READY]


def evaluate_eligibility(
    *,
    date_of_birth: date | None,
    plan_status: str | None,
    parents: Iterable[tuple[bool, bool]],
    on: date,
    rules: EligibilityRules,
) -> Eligibility:
    """Check a child against a service's rules, collecting every reason it fails.

    `parents` holds each parent or carer's answers as (motivated, agreed to the referral).
    """
    # All reasons are collected (not just the first) so the referrer can fix them at once.
    reasons = _age_reasons(date_of_birth, on, rules)
    redirect_message = ""
    if not plan_status:
        reasons.append("Choose the child's legal or plan status.")
    else:
        if not _status_passes(plan_status, rules):
            reasons.append(
                f"The child's plan status is “{_status_label(plan_status)}”. "
                f"This service needs at least: {_status_label(rules.minimum_plan_status)}."
            )
        redirect_message = rules.redirects.get(plan_status) or ""
        if redirect_message:
            reasons.append(redirect_message)
    reasons += _parent_reasons(parents, rules)
    return Eligibility(
        eligible=not reasons, reasons=tuple(reasons), redirect_message=redirect_message
    )


def priority_tier(plan_status: str | None, rules: EligibilityRules) -> int | None:
    """The priority tier for a plan status (1 highest), or None if it has none."""
    if plan_status is None:
        return None
    return rules.tiers.get(plan_status)


def child_consent_needed(
    *,
    focus_child_date_of_birth: date | None,
    household_dates_of_birth: Iterable[date | None],
    on: date,
) -> bool:
    """Whether any child in the household is old enough to consent to filming."""
    for date_of_birth in (focus_child_date_of_birth, *household_dates_of_birth):
        # Unknown or future dates of birth cannot show a child is 12+, so they are skipped.
        if date_of_birth is None:
            continue
        age = age_on(date_of_birth, on)
        if age is not None and age.years >= CONSENT_AGE_YEARS:
            return True
    return False


def normalise_nhs_number(value: str) -> str:
    """Remove the spaces and hyphens people type inside NHS numbers."""
    return _NHS_SEPARATORS.sub("", value)


def nhs_number_is_valid(value: str) -> bool:
    """Whether a value is a 10-digit NHS number with a correct modulus 11 check digit."""
    number = normalise_nhs_number(value)
    # isascii() as well as isdigit(): str.isdigit() accepts digits like "٣" or "²".
    if len(number) != 10 or not (number.isascii() and number.isdigit()):
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(number[:9], _NHS_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        check = 0
    # A check digit of 10 cannot be written, so no valid NHS number has that prefix.
    if check == 10:
        return False
    return check == int(number[9])


# In England a school year starts on 1 September; a child's year is set by their age on the
# 31 August before it: 4 is Reception, 5 is Year 1, ... 15 is Year 11.
_RECEPTION_AGE = 4
_SCHOOL_YEARS_BY_AGE = {
    3: SchoolYear.NURSERY,
    4: SchoolYear.RECEPTION,
    **{age: SchoolYear(f"y{age - _RECEPTION_AGE}") for age in range(5, 16)},
}
# Nursery is optional, and a child of any age may be out of school (home education).
_ALWAYS_POSSIBLE = {SchoolYear.NOT_AT_SCHOOL}
_BELOW_SCHOOL_AGE = {SchoolYear.NOT_AT_SCHOOL, SchoolYear.NURSERY}


def school_year_for(date_of_birth: date, on: date) -> str:
    """The school year a child is usually in on a date in England (1 September cut-off)."""
    year_began = on.year if (on.month, on.day) >= (9, 1) else on.year - 1
    age = age_on(date_of_birth, date(year_began, 8, 31))
    if age is None or age.years < 3:
        return SchoolYear.NOT_AT_SCHOOL
    return _SCHOOL_YEARS_BY_AGE.get(age.years, SchoolYear.SIXTH_FORM)


def school_year_note(*, answer: str, date_of_birth: date | None, on: date) -> str:
    """What the date of birth says when the school year given does not match it, else ""."""
    if not answer or date_of_birth is None or date_of_birth > on:
        return ""
    usual = school_year_for(date_of_birth, on)
    if answer == usual or answer in _ALWAYS_POSSIBLE:
        return ""
    if usual in _BELOW_SCHOOL_AGE and answer in _BELOW_SCHOOL_AGE:
        return ""
    if usual == SchoolYear.NOT_AT_SCHOOL:
        return "By their date of birth, the child is not yet old enough for nursery or school."
    return f"By their date of birth, the child would usually be in {SchoolYear(usual).label}."


def prfq_version_for(date_of_birth: date, on: date) -> str | None:
    """The PRFQ version for a child's age on a date: 0 to 5, 6 to 11, or adolescent."""
    age = age_on(date_of_birth, on)
    if age is None:
        return None
    if age.years <= 5:
        return PrfqVersion.INFANT
    if age.years <= 11:
        return PrfqVersion.CHILD
    return PrfqVersion.ADOLESCENT


def prfq_version_problem(
    *, version: str, date_of_birth: date | None, completed_on: date | None
) -> str:
    """Why the PRFQ version does not fit the child's age when it was completed, else ""."""
    if not version or date_of_birth is None or completed_on is None:
        return ""
    age = age_on(date_of_birth, completed_on)
    expected = prfq_version_for(date_of_birth, completed_on)
    # Completed before the birth date is the date's problem, reported where the date is asked.
    if age is None or version == expected:
        return ""
    return (
        f"Check the PRFQ version: the child was {age} old when it was completed, "
        f"so it should be “{PrfqVersion(expected).label}”"
    )


def household_contradiction(names: Iterable[str]) -> str:
    """The message for "no other children live in the household" while some are listed."""
    return (
        f"You have listed {', '.join(names)} as living in the household. "
        "Select yes, or remove them first"
    )


def same_child_lookups(*, nhs_number: str, first_name: str, last_name: str, born) -> list[dict]:
    """How an earlier referral is known to be for the same child, strongest first: the NHS
    number, then the exact name (any case) and date of birth."""
    lookups = []
    if nhs_number:
        lookups.append({"child_nhs_number": nhs_number})
    if first_name and last_name and born:
        lookups.append(
            {
                "child_first_name__iexact": first_name.strip(),
                "child_last_name__iexact": last_name.strip(),
                "child_date_of_birth": born,
            }
        )
    return lookups

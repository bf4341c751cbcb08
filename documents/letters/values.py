"""The values a letter's placeholders take, read from its record in a fixed number of queries.

Each function returns {placeholder: value}: text for a line placeholder, a tuple of items
for a list placeholder (documents/letters/specs.py names them).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.dateformat import format as format_date

from cases.charts import RatingChart, rating_chart
from cases.configuration import CaseSettings
from cases.models import Case, Consent
from cases.rules import footage_deletion_due_on
from cases.selectors import questions_with_ratings
from cycles.models import Cycle
from referrals.models import Referral
from training.models import Enrolment
from vig_service.core.models import ServiceConfiguration

NOT_GIVEN = "not given"
# Where footage is kept, when the case does not say.
FOOTAGE_KEPT = "on the service's encrypted devices"


@dataclass(frozen=True)
class RatedQuestion:
    """A helping question in a closure summary: its first and last ratings, and the chart."""

    wording: str
    first: int | None
    last: int | None
    chart: RatingChart

    def __str__(self):
        first = "not rated" if self.first is None else f"{self.first} out of 10"
        last = "not rated" if self.last is None else f"{self.last} out of 10"
        return f"{self.wording}: {first} at the start, {last} at the end"


def long_date(day: date | None) -> str:
    """A date as letters write it: 2 December 2026."""
    return format_date(day, "j F Y") if day else ""


def _names(names: list[str]) -> str:
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def service_values(*, today: date | None = None) -> dict:
    """The service's own details and today's date."""
    configuration = ServiceConfiguration.load()
    return {
        "service_name": configuration.service_name,
        "organisation_name": configuration.organisation_name or configuration.service_name,
        "contact_phone": configuration.contact_phone or "the number on our website",
        "contact_email": configuration.contact_email or "the address on our website",
        "today": long_date(today or timezone.localdate()),
    }


def referral_values(referral: Referral) -> dict:
    """The child, the parents and the referrer of a referral."""
    referrer = referral.referrer
    team = referrer.team
    return {
        "reference": referral.reference or f"draft {referral.pk}",
        "child_name": referral.child_name,
        "child_first_name": referral.child_first_name,
        "parents": _names([parent.name for parent in referral.parents.all()]),
        "referrer_name": referrer.full_name,
        "referrer_team": str(team) if team else "",
        "decided_on": long_date(timezone.localdate(referral.decided_at))
        if referral.decided_at
        else "",
        "decline_reason": referral.decline_reason,
    }


def _case_values(case: Case, *, months: int) -> dict:
    return {
        **referral_values(case.referral),
        "guider_name": case.guider.full_name,
        "footage_deletion_months": str(months),
        "footage_location": case.footage_location or FOOTAGE_KEPT,
        "opened_on": long_date(case.opened_on),
    }


def _consent_line(kind, consents: list[Consent]) -> str:
    live = [consent for consent in consents if consent.kind == kind and consent.is_live]
    if not live:
        return f"{kind.label}: yes ☐  no ☐"
    given = "; ".join(
        f"given by {consent.given_by}"
        + (f" for {consent.named_person}" if consent.named_person else "")
        + f" on {long_date(consent.given_on)}"
        for consent in live
    )
    return f"{kind.label}: {given}"


def contract_values(case: Case) -> dict:
    """The written contract: who takes part, the helping questions, each consent scope."""
    referral = case.referral
    people = [
        f"{parent.name} ({parent.get_relationship_display().lower()})"
        for parent in referral.parents.all()
    ]
    people.append(f"{referral.child_name} (the child referred)")
    people += [
        f"{child.first_name} (in the household)" for child in referral.household_children.all()
    ]
    people.append(f"{case.guider.full_name} (guider)")
    if case.co_worker:
        people.append(f"{case.co_worker.full_name} (co-worker)")
    consents = list(case.consents.all())
    return {
        **_case_values(case, months=CaseSettings.load().footage_deletion_months),
        "participants": tuple(people),
        "helping_questions": tuple(
            f"{question.wording} ({question.get_owner_display().lower()})"
            for question in case.helping_questions.all()
        ),
        "consents": tuple(_consent_line(kind, consents) for kind in Consent.Kind),
    }


def closure_values(case: Case) -> dict:
    """The closure summary: cycles held, each question's first and last ratings with a chart."""
    rated = []
    for question in questions_with_ratings(case=case):
        points = [(point.label, point.value) for point in question.points]
        rated.append(
            RatedQuestion(
                wording=question.wording,
                first=points[0][1] if points else None,
                last=points[-1][1] if len(points) > 1 else None,
                chart=rating_chart(points, title=question.wording),
            )
        )
    months = CaseSettings.load().footage_deletion_months
    return {
        **_case_values(case, months=months),
        "closed_on": long_date(case.closed_on),
        "cycles_held": str(case.cycles.filter(status=Cycle.Status.REVIEWED).count()),
        "outcome_summary": case.outcome_summary,
        "ratings": tuple(rated) or ("No helping questions were recorded.",),
        "footage_deleted_by": long_date(
            footage_deletion_due_on(closed_on=case.closed_on, months=months)
        ),
    }


def certificate_values(enrolment: Enrolment) -> dict:
    """A participant's certificate: their name, the course and its days."""
    days = [day.date for day in enrolment.course.days.all()]
    return {
        "participant_name": enrolment.full_name,
        "participant_organisation": enrolment.organisation,
        "course_name": enrolment.course.get_kind_display(),
        "course_dates": _names([long_date(day) for day in days]),
    }

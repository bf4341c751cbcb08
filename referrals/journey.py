"""The referrer's question pages in order, and what a referral still needs before submitting."""

from dataclasses import dataclass

from django.utils import timezone

from referrals import rules


@dataclass(frozen=True)
class Step:
    """One question page of the referral."""

    slug: str
    title: str


STEPS = (
    Step("child", "About the child"),
    Step("needs", "The child's needs and language"),
    Step("parents", "Parents and carers"),
    Step("household", "Other children in the household"),
    Step("status", "Plan status and route in"),
    Step("concerns", "What the family needs help with"),
    Step("checks", "Before you refer"),
    Step("questions", "The service's questions"),
    Step("prfq", "Parental Reflective Functioning Questionnaire (PRFQ)"),
)
STEP_SLUGS = tuple(step.slug for step in STEPS)


def step_titled(slug: str) -> Step:
    """The step with this slug."""
    return STEPS[STEP_SLUGS.index(slug)]


def next_slug(slug: str) -> str | None:
    """The page after `slug`, or None after the last question page."""
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index + 1] if index + 1 < len(STEP_SLUGS) else None


def previous_slug(slug: str) -> str | None:
    """The page before `slug`, or None for the first."""
    index = STEP_SLUGS.index(slug)
    return STEP_SLUGS[index - 1] if index else None


def consent_needed(referral, *, on=None) -> bool:
    """Whether a child in this family is 12 or over and so must consent to filming."""
    return rules.child_consent_needed(
        focus_child_date_of_birth=referral.child_date_of_birth,
        household_dates_of_birth=[
            child.date_of_birth for child in referral.household_children.all()
        ],
        on=on or timezone.localdate(),
    )


def missing_answers(referral) -> list[tuple[str, str]]:
    """Every required answer still missing, as (step slug, message) pairs, in page order."""
    r = referral
    missing = []

    def need(condition, slug, message):
        if not condition:
            missing.append((slug, message))

    need(r.child_first_name, "child", "Enter the child's first name")
    need(r.child_last_name, "child", "Enter the child's last name")
    need(r.child_date_of_birth, "child", "Enter the child's date of birth")
    need(r.child_gender, "child", "Select the child's gender")
    need(r.child_school_year, "needs", "Select the child's school year")
    need(r.child_send, "needs", "Select whether the child has SEND")
    need(r.child_autism, "needs", "Select whether the child has an autism diagnosis or assessment")
    need(r.child_first_language, "needs", "Enter the child's first language")
    need(r.interpreter_needed is not None, "needs", "Select whether an interpreter is needed")
    need(r.postcode_district, "needs", "Enter the postcode district")
    need(r.parents.exists(), "parents", "Add at least one parent or carer")
    need(
        r.has_other_children is not None,
        "household",
        "Say whether other children live in the household",
    )
    listed = list(r.household_children.all())
    if r.has_other_children:
        need(listed, "household", "Add the other children in the household")
    if r.has_other_children is False and listed:
        missing.append(
            ("household", rules.household_contradiction([child.first_name for child in listed]))
        )
    need(r.plan_status, "status", "Select the child's legal or plan status")
    need(r.route_in, "status", "Select how the request came to the service")
    need(r.concerns, "concerns", "Select at least one thing the family needs help with")
    need(r.vig_is_right is not None, "checks", "Say whether VIG is the right intervention")
    if r.vig_is_right:
        need(r.vig_is_right_reason, "checks", "Say why VIG is the right intervention")
    need(
        r.discussed_with_professionals is not None,
        "checks",
        "Say whether VIG has been discussed with the other professionals",
    )
    need(
        r.family_seen_explanation is not None,
        "checks",
        "Say whether the family has seen an explanation of VIG",
    )
    need(r.hoped_change, "questions", "Enter the change hoped for by the parent or carer")
    need(r.hoped_change_agreed is not None, "questions", "Say whether the change is agreed")
    need(r.child_impact, "questions", "Enter the impact on the child's lived experience")
    need(
        r.parent_clear_on_impact is not None,
        "questions",
        "Say whether the parent or carer is clear about the impact",
    )
    if consent_needed(r):
        need(
            r.older_children_consent,
            "questions",
            "Say whether the children aged 12 and over have consented to filming",
        )
    need(r.prfq_completed is not None, "prfq", "Say whether a PRFQ has been completed")
    if r.prfq_completed:
        need(
            r.prfq_version
            and r.prfq_date
            and None not in (r.prfq_pre_mentalizing, r.prfq_certainty, r.prfq_interest),
            "prfq",
            "Enter the PRFQ version, its three scores and the date",
        )
        # Checked again here: the date of birth may have changed since the PRFQ page.
        problem = rules.prfq_version_problem(
            version=r.prfq_version, date_of_birth=r.child_date_of_birth, completed_on=r.prfq_date
        )
        if problem:
            missing.append(("prfq", problem))
    return missing

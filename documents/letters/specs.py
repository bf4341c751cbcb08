"""What each letter is: the record it is written from, its placeholders, its first wording.

The first wording is version 1 of each template; administrators change it on the Letters
page, and every save is a new version (docs/architecture.md, "Letters").
"""

from dataclasses import dataclass

from documents.letters.placeholders import Placeholder


@dataclass(frozen=True)
class LetterSpec:
    """One kind of letter: who it is for, where it is kept, and its placeholders."""

    label: str
    for_whom: str
    record: str  # "case", "referral" or "enrolment"
    title: str
    body: str
    placeholders: tuple[Placeholder, ...]

    @property
    def allowed(self) -> dict[str, Placeholder]:
        return {placeholder.name: placeholder for placeholder in self.placeholders}


COMMON = (
    Placeholder("service_name", "The service's name (Configuration page)"),
    Placeholder("organisation_name", "The organisation that runs the service"),
    Placeholder("contact_phone", "The service's phone number"),
    Placeholder("contact_email", "The service's email address"),
    Placeholder("today", "Today's date, for example 2 December 2026"),
)
REFERRAL = (
    Placeholder("reference", "The referral's reference"),
    Placeholder("child_name", "The child's first and last names"),
    Placeholder("child_first_name", "The child's first name"),
    Placeholder("parents", "The parents' or carers' names, for example Ann Lee and Sam Lee"),
    Placeholder("referrer_name", "The referrer's name"),
    Placeholder("referrer_team", "The referrer's team or organisation"),
)
CASE = (
    *REFERRAL,
    Placeholder("guider_name", "The guider's name"),
    Placeholder("footage_deletion_months", "Months after closing that footage is deleted"),
)

CONTRACT = LetterSpec(
    label="Written contract",
    for_whom="the family, to sign",
    record="case",
    title="Video Interaction Guidance: our agreement",
    placeholders=(
        *COMMON,
        *CASE,
        Placeholder("participants", "Who takes part (a list)", block=True),
        Placeholder("helping_questions", "The family's helping questions (a list)", block=True),
        Placeholder("consents", "Each consent, with what was agreed (a list)", block=True),
        Placeholder("footage_location", "Where the footage is kept"),
    ),
    body="""\
This agreement is between {{ parents }} and {{ service_name }}. {{ guider_name }} will be your guider.

## Who takes part
{{ participants }}

## What you would like help with
These are your helping questions. We will ask you to rate each one from 0 to 10 at the start, at each shared review and at the end.
{{ helping_questions }}

## What happens
Your guider films you and {{ child_first_name }} doing something you enjoy together, for about 10 minutes. They choose 3 or 4 short clips of moments that are going well, and you look at the clips together in a shared review. This is one cycle. Most families have between 2 and 6 cycles.

## What you agree to
Tick yes or no for each. You can change your mind at any time.
{{ consents }}

## Your videos
The videos belong to you and the people in them. They will not be shown to anyone outside the VIG service without your permission.

The footage is kept securely ({{ footage_location }}) and is deleted {{ footage_deletion_months }} months after your intervention ends. You can ask for it to be deleted sooner.

## If you want to stop
You can stop at any time, or withdraw a consent, by telling your guider or calling {{ contact_phone }}. Stopping will not affect any other help you receive.
""",
)

ACCEPTANCE = LetterSpec(
    label="Acceptance letter",
    for_whom="the referrer",
    record="referral",
    title="Your referral has been accepted",
    placeholders=(*COMMON, *REFERRAL, Placeholder("decided_on", "The date it was accepted")),
    body="""\
Dear {{ referrer_name }},

Thank you for referring {{ child_name }} (reference {{ reference }}) to {{ service_name }}.

We accepted the referral on {{ decided_on }}. A guider will contact {{ parents }} to arrange a first visit and explain how Video Interaction Guidance works. You can follow the referral's progress in the service.

If anything changes for the family before then, please tell us on {{ contact_phone }} or {{ contact_email }}.

{{ service_name }}
""",
)

DECLINE = LetterSpec(
    label="Decline letter",
    for_whom="the referrer",
    record="referral",
    title="Your referral has not been accepted",
    placeholders=(
        *COMMON,
        *REFERRAL,
        Placeholder("decided_on", "The date it was declined"),
        Placeholder("decline_reason", "Why it was declined"),
    ),
    body="""\
Dear {{ referrer_name }},

Thank you for referring {{ child_name }} (reference {{ reference }}) to {{ service_name }}.

We have decided on {{ decided_on }} not to accept the referral, for this reason: {{ decline_reason }}.

If you would like to talk about this decision, or the family's needs change, please contact us on {{ contact_phone }} or {{ contact_email }}.

{{ service_name }}
""",
)

CLOSURE = (
    *COMMON,
    *CASE,
    Placeholder("opened_on", "The date the case opened"),
    Placeholder("closed_on", "The date the case closed"),
    Placeholder("cycles_held", "How many cycles had a shared review"),
    Placeholder("outcome_summary", "The guider's summary of the outcome"),
    Placeholder(
        "ratings",
        "Each helping question with its first and last ratings and a chart (a list)",
        block=True,
    ),
    Placeholder("footage_deleted_by", "The date the footage will be deleted by"),
)

CLOSURE_FAMILY = LetterSpec(
    label="Closure summary for the family",
    for_whom="the family",
    record="case",
    title="Your Video Interaction Guidance: a summary",
    placeholders=CLOSURE,
    body="""\
Dear {{ parents }},

Thank you for taking part in Video Interaction Guidance with {{ guider_name }}. Your intervention ran from {{ opened_on }} to {{ closed_on }}, with {{ cycles_held }} shared reviews.

## What changed
{{ outcome_summary }}

## Your helping questions
{{ ratings }}

## Your videos
Your footage will be deleted by {{ footage_deleted_by }}. If you would like to keep a clip, please ask your guider before then.

{{ service_name }}
""",
)

CLOSURE_REFERRER = LetterSpec(
    label="Closure summary for the referrer",
    for_whom="the referrer",
    record="case",
    title="Video Interaction Guidance: closure summary",
    placeholders=CLOSURE,
    body="""\
Dear {{ referrer_name }},

The intervention for {{ child_name }} (reference {{ reference }}) closed on {{ closed_on }}. It ran from {{ opened_on }}, with {{ cycles_held }} shared reviews, guided by {{ guider_name }}.

## Outcome
{{ outcome_summary }}

## Helping questions
{{ ratings }}

The family's footage will be deleted by {{ footage_deleted_by }}.

{{ service_name }}
""",
)

CERTIFICATE = LetterSpec(
    label="Course certificate",
    for_whom="each participant who completed the course",
    record="enrolment",
    title="Certificate of attendance",
    placeholders=(
        *COMMON,
        Placeholder("participant_name", "The participant's full name"),
        Placeholder("participant_organisation", "The participant's organisation"),
        Placeholder("course_name", "The course, for example Introductory two-day course"),
        Placeholder("course_dates", "The course's days, for example 3 and 10 March 2027"),
    ),
    body="""\
This certifies that

## {{ participant_name }}

of {{ participant_organisation }} attended the {{ course_name }} in Video Interaction Guidance on {{ course_dates }}, run by {{ service_name }}.
""",
)

SPECS: dict[str, LetterSpec] = {
    "contract": CONTRACT,
    "acceptance": ACCEPTANCE,
    "decline": DECLINE,
    "closure_family": CLOSURE_FAMILY,
    "closure_referrer": CLOSURE_REFERRER,
    "certificate": CERTIFICATE,
}

"""The shared review: who attended, a rating for every helping question, reflections."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from cases.models import Case, Consent
from cycles import rules
from cycles.errors import CycleError
from cycles.models import Rating, SharedReview
from cycles.services._common import (
    Action,
    Status,
    _check,
    _full_clean,
    _lock_cycle,
    _required,
    _who,
)
from vig_service.accounts.models import User
from vig_service.core.transitions import check_can_become, transition


def _attending(case: Case, consent_ids, held_on: date) -> list[Consent]:
    """The professionals' consents, each this case's, to attend reviews and live that day."""
    ids = list(dict.fromkeys(consent_ids or []))
    consents = case.consents.in_bulk(ids)
    if len(consents) != len(ids):
        raise CycleError("Select the professionals who attended from the list")
    for consent in consents.values():
        if consent.kind != Consent.Kind.PROFESSIONAL_ATTENDS or not consent.is_live:
            raise CycleError(f"{_who(consent)} has no live consent to attend shared reviews")
        if consent.given_on > held_on:
            raise CycleError(
                f"{_who(consent)} gave consent to attend shared reviews on "
                f"{rules.long_date(consent.given_on)}, after this review"
            )
    return [consents[pk] for pk in ids]


@transaction.atomic
def shared_review_record(
    *,
    cycle_id: int,
    by: User,
    held_on: date,
    attendees: str,
    professional_consent_ids: list[int],
    ratings: dict[int, int],
    parent_reflections: str = "",
    guider_reflections: str = "",
    next_steps: str = "",
    expected_version: int | None = None,
) -> SharedReview:
    """Record the shared review of an edited cycle, with a rating for every helping question."""
    cycle = _lock_cycle(cycle_id, expected_version)
    check_can_become(cycle, Status.REVIEWED)
    _check(
        rules.check_review_date,
        held_on=held_on,
        filmed_on=cycle.filmed_on,
        today=timezone.localdate(),
        field="held_on",
    )
    if cycle.edited_on and held_on < cycle.edited_on:
        raise CycleError(
            "The shared review cannot be before the clips were chosen on "
            f"{rules.long_date(cycle.edited_on)}",
            field="held_on",
        )
    attendees = _required(attendees, "Enter who attended the shared review")
    professionals = _attending(cycle.case, professional_consent_ids, held_on)

    questions = list(cycle.case.helping_questions.order_by("set_on", "pk"))
    if not questions:
        raise CycleError(
            "Set a helping question on the Helping questions tab before the shared review"
        )
    ratings = dict(ratings or {})
    if set(ratings) - {question.pk for question in questions}:
        raise CycleError("Rate only this family's helping questions")
    values = {}
    for question in questions:
        if question.pk not in ratings or ratings[question.pk] in (None, ""):
            raise CycleError(f"Enter a rating for “{question.wording}”")
        values[question.pk] = _check(rules.parse_rating, ratings[question.pk])

    review = SharedReview(
        cycle=cycle,
        held_on=held_on,
        attendees=attendees,
        parent_reflections=(parent_reflections or "").strip(),
        guider_reflections=(guider_reflections or "").strip(),
        next_steps=(next_steps or "").strip(),
    )
    _full_clean(review)
    review.save()
    review.professional_consents.set(professionals)
    Rating.objects.bulk_create(
        Rating(
            question=question,
            kind=Rating.Kind.REVIEW,
            review=review,
            value=values[question.pk],
            rated_on=held_on,
        )
        for question in questions
    )
    attended = attendees + (
        f"; professionals: {', '.join(_who(c) for c in professionals)}" if professionals else ""
    )
    scores = ", ".join(f"{values[q.pk]}/10 for “{q.wording}”" for q in questions)
    cycle.updated_by = by
    transition(
        cycle,
        to=Status.REVIEWED,
        by=by,
        action=Action.REVIEW_HELD,
        note=f"shared review on {rules.long_date(held_on)}. Attended: {attended}. "
        f"Ratings: {scores}",
        fields=["updated_by"],
    )
    return review

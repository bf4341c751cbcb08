"""Writes for helping questions: setting one with its baseline rating."""

from datetime import date

from django.db import transaction

from cases.cycle_facts import cycle_facts
from cases.errors import CaseError
from cases.models import HelpingQuestion
from cases.services._common import Action, _check_rating, _lock_open, _not_future, _record, _text
from vig_service.accounts.models import User


@transaction.atomic
def helping_question_set(
    *, case_id: int, by: User, owner: str, wording: str, set_on: date, baseline: int
) -> HelpingQuestion:
    """Set a helping question with its baseline rating from 0 to 10."""
    case = _lock_open(case_id)
    if owner not in HelpingQuestion.Owner.values:
        raise CaseError("Select whose question it is")
    _not_future(set_on, what="The date the question was set")
    _check_rating(baseline)
    question = HelpingQuestion.objects.create(
        case=case,
        owner=owner,
        wording=_text(
            wording, required="Enter the helping question", max_length=300, label="The question"
        ),
        set_on=set_on,
    )
    cycle_facts().rate_baseline(question, baseline, set_on)
    _record(
        case,
        by=by,
        action=Action.QUESTION_SET,
        note=f"“{question.wording}” ({question.get_owner_display()}), baseline {baseline}",
    )
    return question

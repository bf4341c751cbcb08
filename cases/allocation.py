"""What cases provides to referrals' allocation, registered in `CasesConfig.ready()`."""

from django.core.exceptions import ObjectDoesNotExist

from cases.cycle_facts import cycle_facts
from cases.models import HelpingQuestion
from cases.selectors import guiders_with_caseload
from cases.services import CaseError, case_open
from referrals.allocation import CaseOpening, CaseRefused


def open_for_allocation(*, referral, guider, co_worker, by, site_url):
    """Open the allocated referral's case, its refusal told in allocation's own terms."""
    try:
        return case_open(
            referral=referral, guider=guider, co_worker=co_worker, by=by, site_url=site_url
        )
    except CaseError as refused:
        raise CaseRefused(refused.message) from refused


def attach_question_change(referrals) -> None:
    """Set `question_change` on each referral: how far its case's helping questions rose on
    average, first rating to last, for the child's previous involvement."""
    by_case = {referral.case.pk: referral for referral in referrals if _case_of(referral)}
    for referral in referrals:
        referral.question_change = None
    if not by_case:
        return
    questions = list(HelpingQuestion.objects.filter(case_id__in=by_case))
    cycle_facts().attach_rating_points(questions)
    changes: dict[int, list[int]] = {}
    for question in questions:
        if len(question.points) >= 2:
            first, last = question.points[0], question.points[-1]
            changes.setdefault(question.case_id, []).append(last.value - first.value)
    for case_id, rises in changes.items():
        by_case[case_id].question_change = round(sum(rises) / len(rises), 1)


def _case_of(referral):
    try:
        return referral.case
    except ObjectDoesNotExist:
        return None


OPENING = CaseOpening(
    open_case=open_for_allocation,
    caseloads=guiders_with_caseload,
    attach_question_change=attach_question_change,
)

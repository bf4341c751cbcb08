"""Helping question pages: the questions with their ratings, and adding one."""

from django.shortcuts import render

from cases import forms, selectors, services
from cases.charts import rating_chart
from cases.cycle_facts import cycle_facts
from cases.permissions import case_access
from cases.views._common import CASE_ROLES, _case, _change_page
from vig_service.accounts.permissions import role_required


@role_required(*CASE_ROLES)
def questions(request, pk):
    """The helping questions, each with its ratings as a chart and as a table."""
    case = _case(request, pk)
    rows = selectors.questions_with_ratings(case=case)
    for question in rows:
        question.chart = rating_chart(
            [(point.label, point.value) for point in question.points], title=question.wording
        )
    return render(
        request,
        "cases/questions.html",
        {
            "case": case,
            "current_tab": "questions",
            "questions": rows,
            "teaching": [
                {"cycle": cycle, "ratings": [cycle.ratings.get(q.pk) for q in rows]}
                for cycle in cycle_facts().clips_by_cycle(case.pk)
            ],
            "can_change": case_access(user=request.user, case=case).may_change,
        },
    )


@role_required(*CASE_ROLES)
def question_add(request, pk):
    """Set a helping question with its baseline rating."""
    return _change_page(
        request,
        pk,
        tab="questions",
        form=forms.HelpingQuestionForm,
        service=services.helping_question_set,
        title="Add a helping question",
        done="Helping question added",
    )

"""The case's Measures tab: the family's questionnaire results, and recording one."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cases.permissions import case_access
from cases.rules import add_months
from cases.views._common import CASE_ROLES, _case, _case_to_change
from measures import selectors as measure_selectors
from measures import services as measure_services
from measures.errors import MeasureError
from measures.forms import ResultForm
from measures.models import Measure, TimePoint
from vig_service.accounts.permissions import role_required
from vig_service.core.form_pages import form_page


@role_required(*CASE_ROLES)
def measures(request, pk):
    """Each measure in use with the family's results at each time point."""
    case = _case(request, pk)
    results = measure_selectors.results_for(case.referral_id)
    shown = []
    for measure in measure_selectors.active_measures():
        taken = [result for result in results if result.measure_id == measure.pk]
        recorded = {result.time_point for result in taken}
        measure.taken = taken
        measure.still_due = [point for point in measure.time_points if point not in recorded]
        # The follow-up is due some months after closure: the tab says from when.
        if case.closed_on and TimePoint.FOLLOW_UP in measure.still_due:
            measure.follow_up_due = add_months(case.closed_on, measure.follow_up_months)
        shown.append(measure)
    return render(
        request,
        "cases/measures.html",
        {
            "case": case,
            "current_tab": "measures",
            "measures": shown,
            "can_change": case_access(user=request.user, case=case).works_on,
        },
    )


@role_required(*CASE_ROLES)
def measure_record(request, pk, measure_pk):
    """Record a measure taken with the family (at closure too: the case may be closed)."""
    case, refused = _case_to_change(request, pk, tab="measures", allow_closed=True)
    if refused:
        return refused
    measure = get_object_or_404(Measure, pk=measure_pk, active=True)
    items = list(measure.current_version().items.all())
    form = ResultForm(
        request.POST if request.method == "POST" else None,
        measure=measure,
        items=items,
        time_points=measure.time_points,
    )
    return form_page(
        request,
        form,
        template="cases/case_form.html",
        back=reverse("cases:measures", args=[case.pk]),
        context={"case": case, "current_tab": "measures"},
        title=f"Record {measure.name}",
        save=lambda data: measure_services.measure_result_record(
            referral_id=case.referral_id,
            measure_id=measure.pk,
            time_point=data["time_point"],
            taken_on=data["taken_on"],
            scores=form.scores(),
            by=request.user,
        ),
        done=lambda result: f"{result} recorded",
        refusals=(MeasureError,),
    )

"""The administrators' Measures tab of the Configuration page: the list, add and change."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from measures import rules, services
from measures.errors import MeasureError
from measures.forms import MeasureForm
from measures.models import Measure, TimePoint
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page
from vig_service.core.navigation import configuration_sections


@role_required(Role.ADMINISTRATOR)
def measure_list(request):
    """The measures, each with its time points and current version."""
    measures = list(Measure.objects.prefetch_related("versions"))
    for measure in measures:
        measure.version_number = max((v.number for v in measure.versions.all()), default=0)
        measure.points = ", ".join(TimePoint(point).label.lower() for point in measure.time_points)
    return render(
        request,
        "measures/list.html",
        {"measures": measures, "configuration_sections": configuration_sections(request.path)},
    )


def _page(request, measure=None):
    initial = {"time_points": ["closure"], "follow_up_months": 3, "active": True}
    if measure is not None:
        initial = {
            "name": measure.name,
            "description": measure.description,
            "time_points": measure.time_points,
            "follow_up_months": measure.follow_up_months,
            "improvement_margin": measure.improvement_margin,
            "items_text": rules.items_text(measure.current_version().items.all()),
            "active": measure.active,
        }
    form = MeasureForm(request.POST if request.method == "POST" else None, initial=initial)
    return form_page(
        request,
        form,
        title=f"Change {measure}" if measure else "Add a measure",
        save=lambda data: services.measure_save(
            measure_id=measure.pk if measure else None, by=request.user, **data
        ),
        done=lambda saved: f"{saved} saved",
        back=reverse("measures:list"),
        refusals=(MeasureError,),
        template="measures/form.html",
        context={"configuration_sections": configuration_sections(reverse("measures:list"))},
    )


@role_required(Role.ADMINISTRATOR)
def measure_add(request):
    """Add a measure."""
    return _page(request)


@role_required(Role.ADMINISTRATOR)
def measure_edit(request, pk):
    """Change a measure; changed items make a new version."""
    return _page(request, get_object_or_404(Measure, pk=pk))

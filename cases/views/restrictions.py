"""Restricting a child's records from their case (coordinators and managers who read it;
docs/architecture.md, "Restricted records")."""

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.views._common import _case
from referrals.restriction_views import ROLES, restriction_lift, restriction_page
from vig_service.accounts.permissions import role_required


def _child_of(case) -> int:
    if case.referral.child_id is None:
        raise Http404
    return case.referral.child_id


@role_required(*ROLES)
def restrict(request, pk):
    """The case's child: restrict their records, or change who is named."""
    case = _case(request, pk)
    back = reverse("cases:overview", args=[case.pk])
    return restriction_page(
        request,
        child_id=_child_of(case),
        back=back,
        lift_url=reverse("cases:restriction_lift", args=[case.pk]),
        template="cases/restriction.html",
        context={"case": case, "current_tab": "overview"},
    )


@require_POST
@role_required(*ROLES)
def lift(request, pk):
    """Lift the restriction on the case's child."""
    case = _case(request, pk)
    back = reverse("cases:overview", args=[case.pk])
    return restriction_lift(request, child_id=_child_of(case), back=back)

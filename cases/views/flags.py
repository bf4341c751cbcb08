"""Flags raised from a case: on the child, the household or this case only; ended by the
case's workers. They show on every case page and on the case's appointments."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.views._common import CASE_ROLES, _case_to_change
from referrals.children import Flag
from referrals.errors import ReferralError
from referrals.flag_forms import FlagForm
from referrals.services import flag_end as end_flag
from referrals.services import flag_raise as raise_flag
from vig_service.accounts.permissions import role_required
from vig_service.core.form_pages import form_page


@role_required(*CASE_ROLES)
def flag_raise(request, pk):
    """Raise a flag staff must see before they contact or visit the family."""
    case, refused = _case_to_change(request, pk, tab="overview", allow_closed=True)
    if refused:
        return refused
    form = FlagForm(request.POST if request.method == "POST" else None, on_case=True)
    return form_page(
        request,
        form,
        template="cases/case_form.html",
        title="Raise a flag",
        save=lambda data: raise_flag(
            child_id=case.referral.child_id, case_id=case.pk, by=request.user, **data
        ),
        done=lambda flag: f"Flag raised: {flag}",
        back=reverse("cases:overview", args=[case.pk]),
        refusals=(ReferralError,),
        context={"case": case, "current_tab": "overview"},
    )


@require_POST
@role_required(*CASE_ROLES)
def flag_end(request, pk, flag_pk):
    """End a flag: it stops showing and stays in the history."""
    case, refused = _case_to_change(request, pk, tab="overview", allow_closed=True)
    if refused:
        return refused
    flag = get_object_or_404(Flag, pk=flag_pk, child_id=case.referral.child_id)
    if flag.case_id not in (None, case.pk):
        return redirect("cases:overview", pk=case.pk)
    try:
        end_flag(flag_id=flag.pk, by=request.user)
    except ReferralError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Flag ended: {flag}")
    return redirect("cases:overview", pk=case.pk)

"""Flags on a referral's child or household: raising one and ending it (coordinators)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from referrals import selectors, services
from referrals.children import Flag
from referrals.flag_forms import FlagForm
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page


@role_required(Role.COORDINATOR)
def flag_raise(request, pk):
    """Raise a flag on the referral's child or household."""
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    if referral.child_id is None:
        raise Http404
    form = FlagForm(request.POST if request.method == "POST" else None, on_case=False)
    return form_page(
        request,
        form,
        title="Raise a flag",
        save=lambda data: services.flag_raise(child_id=referral.child_id, by=request.user, **data),
        done=lambda flag: f"Flag raised: {flag}",
        back=reverse("referrals:detail", args=[referral.pk]),
        refusals=(services.ReferralError,),
    )


@require_POST
@role_required(Role.COORDINATOR)
def flag_end(request, pk, flag_pk):
    """End one of the child's flags."""
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    flag = get_object_or_404(Flag, pk=flag_pk, child_id=referral.child_id, case__isnull=True)
    try:
        services.flag_end(flag_id=flag.pk, by=request.user)
    except services.ReferralError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Flag ended: {flag}")
    return redirect(referral)

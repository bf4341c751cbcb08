"""Restricting a child's records from their referral page, and the Restricted records list
(coordinators and managers; docs/architecture.md, "Restricted records")."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referrals import restriction_selectors, selectors
from referrals.errors import ReferralError
from referrals.restriction_forms import LiftForm, RestrictionForm
from referrals.services import restrictions as services
from vig_service.accounts.permissions import role_required
from vig_service.core.form_pages import form_page

ROLES = services.RESTRICTERS


def restriction_page(request, *, child_id: int, back: str, lift_url: str, template: str, context):
    """Restrict the child's records, or change who is named on the restriction in force."""
    restriction = restriction_selectors.active_restriction(child_id=child_id)
    latest = services.latest_restriction_event(child_id)
    form = RestrictionForm(
        request.POST if request.method == "POST" else None,
        people=restriction_selectors.staff_choices(),
        by=request.user,
        restriction=restriction,
        seen_event=latest.pk if latest else 0,
    )
    if restriction is None:

        def save(data):
            return services.restriction_add(
                child_id=child_id, by=request.user, **form.service_kwargs()
            )

        title, done = "Restrict these records", "Records restricted to the staff named"
    else:

        def save(data):
            return services.restriction_change(
                restriction_id=restriction.pk, by=request.user, **form.service_kwargs()
            )

        title, done = "Change who can see these records", "Restriction changed"
    return form_page(
        request,
        form,
        title=title,
        save=save,
        done=done,
        back=back,
        template=template,
        refusals=(ReferralError,),
        context={
            **context,
            "restriction": restriction,
            "history": restriction_selectors.child_history(child_id=child_id),
            "lift_form": LiftForm(action=lift_url) if restriction else None,
        },
    )


def restriction_lift(request, *, child_id: int, back: str):
    """Lift the child's restriction, then back to the record with a message."""
    restriction = restriction_selectors.active_restriction(child_id=child_id)
    if restriction is None:
        messages.error(request, "These records are not restricted")
        return redirect(back)
    try:
        services.restriction_lift(restriction_id=restriction.pk, by=request.user)
    except ReferralError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, "Restriction lifted: the records are open again")
    return redirect(back)


def _child_of(request, pk) -> int:
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    if referral.child_id is None:
        raise Http404
    return referral.child_id


@role_required(*ROLES)
def restrict(request, pk):
    """The referral's child: restrict their records, or change who is named."""
    back = reverse("referrals:detail", args=[pk])
    return restriction_page(
        request,
        child_id=_child_of(request, pk),
        back=back,
        lift_url=reverse("referrals:restriction_lift", args=[pk]),
        template="referrals/restrictions/restrict.html",
        context={"back": back},
    )


@require_POST
@role_required(*ROLES)
def lift(request, pk):
    """Lift the restriction on the referral's child."""
    back = reverse("referrals:detail", args=[pk])
    return restriction_lift(request, child_id=_child_of(request, pk), back=back)


@role_required(*ROLES)
def restricted_records(request):
    """The restrictions in force that name the user."""
    restrictions = restriction_selectors.restrictions_naming(user=request.user)
    context = {"restrictions": restrictions, "is_coordinator": request.user.has_role(ROLES[0])}
    return render(request, "referrals/restrictions/list.html", context)

"""Matching a referral's child to earlier records: the coordinator's answer, and the
administrator's list of merges with their undo (docs/architecture.md, "One child across
referrals")."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from referrals import matching, selectors
from referrals.children import ChildMerge
from referrals.errors import ReferralError
from referrals.match_forms import MatchForm, UndoMergeForm
from referrals.services.children import child_match_decide, child_merge_undo
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.form_pages import form_page


@role_required(Role.COORDINATOR)
def match_decide(request, pk, child_pk):
    """Compare the referral with a suggested child's records and say whether they are one."""
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    candidate = matching.candidate_for(referral, user=request.user, child_id=child_pk)
    if candidate is None:
        # Never suggested to this user, or already answered: the same 404 as a guessed id.
        raise Http404
    form = MatchForm(request.POST if request.method == "POST" else None)

    def save(data):
        return child_match_decide(
            child_id=referral.child_id,
            other_id=candidate.child_id,
            same=data["same"] == "yes",
            evidence=str(candidate.evidence),
            by=request.user,
        )

    return form_page(
        request,
        form,
        title="Is this the same child?",
        template="referrals/matches/decide.html",
        context={
            "referral": referral,
            "candidate": candidate,
            "previous": selectors.previous_involvement(candidate.referral),
        },
        save=save,
        done=lambda result: (
            "Records merged: these referrals are now for one child"
            if isinstance(result, ChildMerge)
            else "Saved: a different child. This match will not be suggested again"
        ),
        back=reverse("referrals:detail", args=[referral.pk]),
        refusals=(ReferralError,),
    )


@role_required(Role.ADMINISTRATOR)
def merge_list(request):
    """Every merge of two children's records, newest first, each with its undo."""
    page = Paginator(matching.merges(), 25).get_page(request.GET.get("page"))
    matching.add_references(page.object_list, user=request.user)
    return render(request, "referrals/matches/merges.html", {"page": page})


@role_required(Role.ADMINISTRATOR)
def merge_undo(request, merge_pk):
    """Confirm, then put back what a merge moved."""
    merge = get_object_or_404(matching.merges(), pk=merge_pk, undone_at__isnull=True)
    matching.add_references([merge], user=request.user)
    return form_page(
        request,
        UndoMergeForm(request.POST if request.method == "POST" else None),
        title="Undo this merge",
        template="referrals/matches/undo.html",
        context={"merge": merge},
        save=lambda data: child_merge_undo(merge_id=merge.pk, by=request.user),
        done="Merge undone: the records are two children again",
        back=reverse("referrals:merges"),
        refusals=(ReferralError,),
    )

"""Coordinator pages: the queue, the waiting list, and the actions on a referral."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render

from referrals import duplicate_selectors, selectors, services, triage_forms
from referrals.allocation import case_opening
from referrals.filters import QueueFilterSet
from referrals.models import Referral, ReferralSettings
from vig_service.accounts.models import Team, User
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.filters import filters_for

Status = Referral.Status


@dataclass(frozen=True)
class Action:
    """A coordinator action: when it is offered, its form, and the service that does it."""

    slug: str
    label: str
    title: str
    form_class: type
    offered: Callable[[Referral], bool]
    done: str


ACTIONS = {
    action.slug: action
    for action in (
        Action(
            "request-information",
            "Ask for more information",
            "Ask the referrer for more information",
            triage_forms.RequestInformationForm,
            lambda r: r.can_become(Status.MORE_INFO_REQUESTED),
            "Your question has been sent",
        ),
        Action(
            "override-eligibility",
            "Override eligibility",
            "Override eligibility",
            triage_forms.OverrideEligibilityForm,
            lambda r: (
                r.eligible is False
                and not r.eligibility_overridden
                and r.status in (Status.SUBMITTED, Status.MORE_INFO_REQUESTED)
            ),
            "Eligibility overridden",
        ),
        Action(
            "accept",
            "Accept",
            "Accept onto the waiting list",
            triage_forms.AcceptForm,
            lambda r: r.can_become(Status.ACCEPTED),
            "Referral accepted onto the waiting list",
        ),
        Action(
            "allocate",
            "Allocate to a guider",
            "Allocate to a guider",
            triage_forms.AllocateForm,
            lambda r: r.can_become(Status.ALLOCATED),
            "Referral allocated",
        ),
        Action(
            "decline",
            "Decline",
            "Decline the referral",
            triage_forms.DeclineForm,
            lambda r: r.can_become(Status.DECLINED),
            "Referral declined",
        ),
        Action(
            "withdraw",
            "Withdraw",
            "Withdraw the referral",
            triage_forms.WithdrawForm,
            lambda r: r.can_become(Status.WITHDRAWN),
            "Referral withdrawn",
        ),
    )
}


def actions_for(referral: Referral) -> list[Action]:
    """The actions the referral's status allows, in the order they are shown."""
    return [action for action in ACTIONS.values() if action.offered(referral)]


def _run(action: Action, referral: Referral, form, request):
    data, by = form.cleaned_data, request.user
    common = {"referral_id": referral.pk, "by": by, "expected_version": data["version"]}
    site = {"site_url": request.build_absolute_uri("/")}
    if action.slug == "request-information":
        return services.referral_request_information(**common, **site, message=data["message"])
    if action.slug == "override-eligibility":
        return services.referral_override_eligibility(**common, reason=data["reason"])
    if action.slug == "accept":
        return services.referral_accept(**common, **site)
    if action.slug == "decline":
        return services.referral_decline(
            **common, **site, reason=data["reason"], detail=data.get("detail", "")
        )
    if action.slug == "withdraw":
        return services.referral_withdraw(**common, **site, reason=data["reason"])
    if action.slug == "allocate":
        people = User.objects.in_bulk([data["guider"], data.get("co_worker")])
        if data["guider"] not in people:
            raise services.ReferralError("Choose a guider from the list")
        return services.referral_allocate(
            **common,
            **site,
            guider=people[data["guider"]],
            co_worker=people.get(data.get("co_worker")),
        )
    raise Http404


@role_required(Role.COORDINATOR)
def referral_action(request, pk, action):
    """One action's page: a form that, when sent, runs the checked transition."""
    if action not in ACTIONS:
        raise Http404
    chosen = ACTIONS[action]
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    if not chosen.offered(referral):
        if referral.status == Status.ALLOCATED and action == "allocate":
            messages.error(request, referral.allocation_summary())
        else:
            messages.error(
                request,
                f"You cannot {chosen.label.lower()} a referral that is "
                f"“{referral.get_status_display()}”.",
            )
        return redirect(referral)
    kwargs = {"referral": referral}
    if action == "decline":
        kwargs["reasons"] = ReferralSettings.load().decline_reasons
    if action == "allocate":
        kwargs["loads"] = case_opening().caseloads()
    form = chosen.form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            _run(chosen, referral, form, request)
        except services.ReferralError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"{chosen.done}: {referral.reference}")
            return redirect(
                "referrals:queue" if action != "allocate" else "referrals:waiting_list"
            )
    return render(
        request,
        "referrals/action.html",
        {"referral": referral, "form": form, "action": chosen, "loads": kwargs.get("loads")},
    )


@role_required(Role.COORDINATOR)
def queue(request):
    """Submitted referrals by priority then age, with filters kept in the URL."""
    # Each team probed for one referral, not every referral read for its team.
    with_referrals = Exists(Referral.objects.filter(team=OuterRef("pk")))
    teams = Team.objects.filter(with_referrals).order_by("name").values_list("pk", "name")
    referrals = Referral.objects.visible_to(request.user)
    filters = filters_for(request, QueueFilterSet, queryset=referrals, teams=teams)
    tier_counts = selectors.queue_tier_counts(
        filters.qs_without("tier"), user=request.user, status=filters.only_status()
    )
    paginator = Paginator(selectors.queue(filters.qs), 25)
    if not filters.values("tier"):
        # Every tier is shown, so the tiers' counts add up to the queue's: no second count.
        paginator.count = sum(row["count"] for row in tier_counts)
    page = paginator.get_page(request.GET.get("page"))
    duplicate_selectors.mark_possible_duplicates(page.object_list, user=request.user)
    selectors.mark_flagged(page.object_list)
    return render(
        request,
        "referrals/queue.html",
        {"page": page, "filters": filters, "tier_counts": tier_counts},
    )


@role_required(Role.COORDINATOR)
def waiting_list(request):
    """Accepted referrals not yet allocated, by tier then time waiting."""
    page = Paginator(selectors.waiting_list(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "referrals/waiting_list.html", {"page": page})

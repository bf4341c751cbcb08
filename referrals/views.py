"""Referrer pages: start, question pages, eligibility, check answers, submit, My referrals."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from referrals import duplicate_selectors, forms, journey, matching, selectors, services
from referrals.configuration_forms import ReferralSettingsForm
from referrals.models import Referral, ReferralSettings
from referrals.triage_forms import WithdrawForm
from referrals.triage_views import actions_for
from vig_service.accounts.permissions import role_required
from vig_service.accounts.roles import Role
from vig_service.core.views import settings_tab

QUESTION_FORMS = {
    "child": forms.ChildForm,
    "needs": forms.NeedsForm,
    "status": forms.StatusForm,
    "concerns": forms.ConcernsForm,
    "checks": forms.ChecksForm,
    "questions": forms.QuestionsForm,
    "prfq": forms.PrfqForm,
}


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _draft_or_refuse(request, pk):
    """The user's own draft; a submitted one sends them to its page with a clear message."""
    referral = selectors.own_draft(user=request.user, pk=pk)
    if not referral.is_draft:
        messages.error(request, services.NotEditable(referral).message)
        return None, redirect(referral)
    return referral, None


def _after_save(request, referral, slug):
    """Where a question page goes next: back to the check page, My referrals, or onward."""
    if forms.SAVE_FOR_LATER in request.POST:
        messages.success(
            request,
            "Your answers have been saved. You can come back to this referral from My referrals.",
        )
        return redirect("referrals:list")
    if request.GET.get("change"):
        return redirect("referrals:check", pk=referral.pk)
    following = journey.next_slug(slug)
    if following:
        return redirect("referrals:question", pk=referral.pk, slug=following)
    return redirect("referrals:eligibility", pk=referral.pk)


def _back_url(referral, slug, request) -> str:
    if request.GET.get("change"):
        return reverse("referrals:check", args=[referral.pk])
    previous = journey.previous_slug(slug)
    if previous:
        return reverse("referrals:question", args=[referral.pk, previous])
    return reverse("referrals:start")


@role_required(Role.REFERRER)
def start(request):
    """What VIG is, who it is for and what you need; starting creates a draft."""
    if request.method == "POST":
        referral = services.referral_start(referrer=request.user)
        return redirect("referrals:question", pk=referral.pk, slug=journey.STEP_SLUGS[0])
    return render(request, "referrals/start.html", {"settings": ReferralSettings.load()})


@role_required(Role.REFERRER)
def question(request, pk, slug):
    """One question page of a draft referral."""
    if slug not in journey.STEP_SLUGS:
        raise Http404
    referral, refused = _draft_or_refuse(request, pk)
    if refused:
        return refused
    if slug == "parents":
        return _parents_page(request, referral)
    form_class = QUESTION_FORMS.get(slug, forms.HouseholdForm)
    kwargs = {"referral": referral, "partial": forms.SAVE_FOR_LATER in request.POST}
    if slug == "status":
        kwargs["routes_offered"] = ReferralSettings.load().routes_offered
    if slug == "questions":
        kwargs["consent_needed"] = journey.consent_needed(referral)
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_save_answers(
                referral_id=referral.pk, by=request.user, answers=form.answers()
            )
        except services.NotEditable as refused:
            messages.error(request, refused.message)
            return redirect(referral)
        return _after_save(request, referral, slug)
    return render(
        request,
        "referrals/question.html",
        {
            "referral": referral,
            "form": form,
            "step": journey.step_titled(slug),
            "back_url": _back_url(referral, slug, request),
            "household_children": referral.household_children.all(),
        },
    )


def _parents_page(request, referral):
    if request.method == "POST":
        if forms.SAVE_FOR_LATER in request.POST or referral.parents.exists():
            return _after_save(request, referral, "parents")
        error = "Add at least one parent or carer"
    else:
        error = None
    return render(
        request,
        "referrals/parents.html",
        {
            "referral": referral,
            "step": journey.step_titled("parents"),
            "back_url": _back_url(referral, "parents", request),
            "error": error,
        },
        status=200,
    )


def _person_form(request, pk, *, form_class, save, related, item_pk, slug, template, title):
    """Add or change a parent/carer or a household child on a draft."""
    referral, refused = _draft_or_refuse(request, pk)
    if refused:
        return refused
    instance = None
    if item_pk is not None:
        instance = getattr(referral, related).filter(pk=item_pk).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance)
    back = reverse("referrals:question", args=[referral.pk, slug])
    if request.GET.get("change"):
        back += "?change=1"
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        save(
            referral_id=referral.pk,
            by=request.user,
            data=data,
            **({"parent_id": item_pk} if related == "parents" else {"child_id": item_pk}),
        )
        return redirect(back)
    return render(
        request,
        template,
        {"referral": referral, "form": form, "back_url": back, "title": title},
    )


@role_required(Role.REFERRER)
def parent_form(request, pk, parent_pk=None):
    """Add or change a parent or carer."""
    return _person_form(
        request,
        pk,
        form_class=forms.ParentCarerForm,
        save=services.parent_carer_save,
        related="parents",
        item_pk=parent_pk,
        slug="parents",
        template="referrals/person_form.html",
        title="Change parent or carer" if parent_pk else "Add a parent or carer",
    )


@role_required(Role.REFERRER)
def child_form(request, pk, child_pk=None):
    """Add or change another child in the household."""
    return _person_form(
        request,
        pk,
        form_class=forms.HouseholdChildForm,
        save=services.household_child_save,
        related="household_children",
        item_pk=child_pk,
        slug="household",
        template="referrals/person_form.html",
        title="Change child" if child_pk else "Add a child who lives in the household",
    )


@require_POST
@role_required(Role.REFERRER)
def parent_remove(request, pk, parent_pk):
    """Remove a parent or carer from a draft."""
    referral, refused = _draft_or_refuse(request, pk)
    if refused:
        return refused
    if not referral.parents.filter(pk=parent_pk).exists():
        raise Http404
    services.parent_carer_remove(referral_id=referral.pk, by=request.user, parent_id=parent_pk)
    return redirect("referrals:question", pk=referral.pk, slug="parents")


@require_POST
@role_required(Role.REFERRER)
def child_remove(request, pk, child_pk):
    """Remove another child from a draft."""
    referral, refused = _draft_or_refuse(request, pk)
    if refused:
        return refused
    if not referral.household_children.filter(pk=child_pk).exists():
        raise Http404
    services.household_child_remove(referral_id=referral.pk, by=request.user, child_id=child_pk)
    return redirect("referrals:question", pk=referral.pk, slug="household")


@role_required(Role.REFERRER)
def eligibility(request, pk):
    """The eligibility result and any possible duplicates, before checking answers."""
    referral, refused = _draft_or_refuse(request, pk)
    if refused:
        return refused
    return render(
        request,
        "referrals/eligibility.html",
        {
            "referral": referral,
            "eligibility": services.eligibility_for(referral),
            "duplicates": list(
                duplicate_selectors.possible_duplicates(referral=referral, user=request.user)
            ),
            "back_url": reverse("referrals:question", args=[referral.pk, journey.STEP_SLUGS[-1]]),
        },
    )


@role_required(Role.REFERRER)
def check_answers(request, pk):
    """Check your answers, then submit."""
    referral = selectors.own_draft(user=request.user, pk=pk)
    if not referral.is_draft:
        # A second click on "Accept and send", or the back button: it is already sent.
        if request.method == "POST":
            return redirect("referrals:confirmation", pk=referral.pk)
        return redirect(referral)
    missing = journey.missing_answers(referral)
    if request.method == "POST":
        try:
            referral = services.referral_submit(
                referral_id=referral.pk, by=request.user, site_url=_site_url(request)
            )
        except services.IncompleteReferral as incomplete:
            missing = incomplete.missing
        else:
            return redirect("referrals:confirmation", pk=referral.pk)
    return render(
        request,
        "referrals/check.html",
        {
            "referral": referral,
            "missing": missing,
            "submitted_attempt": request.method == "POST",
            "eligibility": services.eligibility_for(referral),
            "consent_needed": journey.consent_needed(referral),
            "steps": journey.STEPS,
        },
    )


@role_required(Role.REFERRER)
def confirmation(request, pk):
    """Referral submitted: the reference and what happens next."""
    referral = selectors.own_draft(user=request.user, pk=pk)
    if referral.is_draft:
        return redirect("referrals:check", pk=referral.pk)
    return render(request, "referrals/confirmation.html", {"referral": referral})


@role_required(Role.REFERRER)
def referral_list(request):
    """My referrals: drafts to finish and submitted referrals with their status."""
    referrals = selectors.referrals_for_referrer(user=request.user)
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    return render(request, "referrals/list.html", {"page": page})


def detail(request, pk):
    """A referral's answers and timeline; the referrer answers requests for information here."""
    referral = selectors.referral_for_page(user=request.user, pk=pk)
    if referral.is_draft:
        return redirect("referrals:check", pk=referral.pk)
    is_referrer = referral.referrer_id == request.user.pk
    answer_form = None
    if is_referrer and referral.status == Referral.Status.MORE_INFO_REQUESTED:
        answer_form = forms.InformationForm(
            request.POST or None, initial={"version": referral.version}
        )
        if request.method == "POST" and answer_form.is_valid():
            try:
                services.referral_provide_information(
                    referral_id=referral.pk,
                    by=request.user,
                    answer=answer_form.cleaned_data["answer"],
                    expected_version=answer_form.cleaned_data["version"],
                )
            except services.ReferralError as refused:
                answer_form.add_error(None, refused.message)
            else:
                messages.success(request, "Thank you. Your answer has been sent to the VIG team.")
                return redirect(referral)
    elif request.method == "POST":
        messages.error(request, "This referral is not waiting for more information from you.")
        return redirect(referral)
    is_coordinator = request.user.has_role(Role.COORDINATOR)
    events = selectors.timeline(referral=referral, for_referrer=not is_coordinator)
    request_event = next((e for e in reversed(events) if e.action == "more_info_requested"), None)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "events": events,
            "form": answer_form,
            "information_request": request_event,
            "consent_needed": journey.consent_needed(referral),
            "is_coordinator": is_coordinator,
            "can_withdraw": is_referrer
            and referral.can_become(Referral.Status.WITHDRAWN)
            and not is_coordinator,
            "actions": actions_for(referral) if is_coordinator else [],
            "duplicates": (
                duplicate_selectors.coordinators_possible_duplicates(
                    referral=referral, user=request.user
                )
                if is_coordinator
                else []
            ),
            "previous": selectors.previous_involvement(referral) if is_coordinator else [],
            "matches": (
                matching.candidate_matches(referral, user=request.user) if is_coordinator else []
            ),
            "elsewhere": (
                matching.people_elsewhere(referral, user=request.user) if is_coordinator else []
            ),
            "child_history": matching.child_history(referral.child_id) if is_coordinator else [],
            "flags": (
                selectors.active_flags(child_id=referral.child_id) if is_coordinator else []
            ),
        },
    )


@role_required(Role.ADMINISTRATOR)
def configuration(request):
    """The Referrals section of the Configuration page."""
    form = ReferralSettingsForm(request.POST or None, section=ReferralSettings.load())
    return settings_tab(
        request,
        form,
        template="referrals/configuration.html",
        saved="Referral settings saved",
        service=services.referral_settings_update,
    )


@role_required(Role.REFERRER)
def withdraw(request, pk):
    """A referrer withdraws their own referral, saying why; the VIG team sees the reason."""
    referral = selectors.own_draft(user=request.user, pk=pk)
    if referral.is_draft or not referral.can_become(Referral.Status.WITHDRAWN):
        messages.error(request, "This referral can no longer be withdrawn.")
        return redirect(referral)
    form = WithdrawForm(request.POST or None, referral=referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_withdraw(
                referral_id=referral.pk,
                by=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                site_url=_site_url(request),
            )
        except services.ReferralError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, f"Referral {referral.reference} has been withdrawn")
            return redirect(referral)
    return render(
        request,
        "referrals/action.html",
        {"referral": referral, "form": form, "action": {"title": "Withdraw your referral"}},
    )

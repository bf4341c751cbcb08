"""The family's own pages, behind their private link: the date-of-birth check, the family page
(their questions, ratings, visits, contract and consents) and the questionnaire.

No account: every view is `login_not_required` and `never_cache` (the pages name the child, and
a shared phone's browser must not keep them), finds its link by the token's digest, and shows
nothing about the child until the child's date of birth was confirmed in this browser session.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from documents.downloads import attachment
from family import forms, rules, selectors, services
from family.errors import FamilyError
from family.models import FeedbackAnswer, LinkPurpose, LinkState, LinkUse

SESSION_KEY = "family_links"
STEPS = [slug for slug, _ in forms.QUESTIONS]


def _not_found(request):
    return render(request, "family/not_found.html", status=404)


def _dead(request, link, state):
    services.record_use(link, LinkUse.REFUSED, request=request, note=LinkState(state).label)
    answered = state == LinkState.ANSWERED
    return render(
        request,
        "family/dead.html",
        {"message": services.DEAD_LINK[state], "answered": answered},
        status=200 if answered else 410,
    )


def _destination(link) -> str:
    if link.purpose == LinkPurpose.PAGE:
        return reverse("family:page", args=[link.token])
    return reverse("family:question", args=[link.token, forms.QUESTIONS[0][0]])


def _confirmed(request, token, purpose):
    """(link, None) for a live link of this purpose confirmed here; else (None, the page)."""
    link = selectors.link_for_token(token)
    if link is None or link.purpose != purpose:
        return None, _not_found(request)
    state = link.state()
    if state != LinkState.LIVE:
        return None, _dead(request, link, state)
    if link.pk not in request.session.get(SESSION_KEY, []):
        return None, redirect("family:start", token=token)
    link.token = token
    return link, None


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def start(request, token):
    """Ask for the child's date of birth before anything about the child is shown."""
    link = selectors.link_for_token(token)
    if link is None:
        return _not_found(request)
    link.token = token
    state = link.state()
    if state != LinkState.LIVE:
        return _dead(request, link, state)
    if link.pk in request.session.get(SESSION_KEY, []):
        return redirect(_destination(link))
    form = forms.DateOfBirthForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link, matched = services.family_link_check(
                link_id=link.pk, date_of_birth=form.cleaned_data["date_of_birth"], request=request
            )
        except FamilyError:
            return _dead(request, link, selectors.link_for_token(token).state())
        link.token = token
        if matched:
            # A new session key once the check is passed, so a key seen before is worth nothing.
            request.session.cycle_key()
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), link.pk]
            return redirect(_destination(link))
        if link.state() == LinkState.LOCKED:
            return _dead(request, link, LinkState.LOCKED)
        form.add_error("date_of_birth", rules.tries_left_message(link.failed_checks))
    elif request.method == "GET":
        services.record_use(link, LinkUse.OPENED, request=request)
    return render(request, "family/start.html", {"form": form, "link": link})


@login_not_required
@never_cache
def page(request, token):
    """The family page: their helping questions and ratings, visits, contract and consents."""
    link, refused = _confirmed(request, token, LinkPurpose.PAGE)
    if refused:
        return refused
    services.record_use(link, LinkUse.VIEWED, request=request)
    return render(request, "family/page.html", {"link": link, **selectors.family_page(link)})


@login_not_required
@never_cache
def contract(request, token):
    """The written contract, as a download."""
    link, refused = _confirmed(request, token, LinkPurpose.PAGE)
    if refused:
        return refused
    document = selectors.contract_document(link.case)
    if document is None:
        raise Http404
    services.record_use(link, LinkUse.CONTRACT, request=request, note=document.title)
    return attachment(document)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request, token, consent_pk):
    """Confirm, then withdraw one of the family's consents; the guider is told."""
    link, refused = _confirmed(request, token, LinkPurpose.PAGE)
    if refused:
        return refused
    consent = link.case.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        messages.info(request, "That consent has already been withdrawn")
        return redirect("family:page", token=token)
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.family_consent_withdraw(
                link_id=link.pk, consent_id=consent.pk, request=request
            )
        except FamilyError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                f"Consent withdrawn: {consent.get_kind_display().lower()}. "
                f"We have told {rules.first_name(link.case.guider.full_name)}",
            )
            return redirect("family:page", token=token)
    return render(
        request,
        "family/withdraw.html",
        {"link": link, "consent": consent, "form": form, "closed": link.case.status == "closed"},
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def question(request, token, step):
    """One question of the questionnaire a page; each answer is kept as it is given."""
    link, refused = _confirmed(request, token, LinkPurpose.FEEDBACK)
    if refused:
        return refused
    pages = dict(forms.QUESTIONS)
    if step not in pages:
        return _not_found(request)
    form_class = pages[step]
    (name,) = form_class.base_fields
    saved = FeedbackAnswer.objects.filter(link=link).first()
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(saved, name, "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer_save(
                link_id=link.pk, field=name, value=form.cleaned_data[name]
            )
        except FamilyError as refusal:
            form.add_error(name, refusal.message)
        else:
            index = STEPS.index(step)
            if index + 1 < len(STEPS):
                return redirect("family:question", token=token, step=STEPS[index + 1])
            return redirect("family:check", token=token)
    index = STEPS.index(step)
    back = reverse("family:question", args=[token, STEPS[index - 1]]) if index else None
    return render(
        request,
        "family/question.html",
        {"form": form, "link": link, "number": index + 1, "count": len(STEPS), "back": back},
    )


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def check(request, token):
    """The answers to check, each with a Change link, and the button that sends them."""
    link, refused = _confirmed(request, token, LinkPurpose.FEEDBACK)
    if refused:
        return refused
    answer = FeedbackAnswer.objects.filter(link=link).first()
    form = forms.SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.feedback_send(link_id=link.pk, request=request)
        except FamilyError as refusal:
            form.add_error(None, refusal.message)
        else:
            return render(request, "family/thanks.html", {"link": link})
    rows = [
        (form_class.base_fields[name].label, _shown(answer, name), slug)
        for slug, form_class in forms.QUESTIONS
        for name in form_class.base_fields
    ]
    return render(request, "family/check.html", {"link": link, "rows": rows, "form": form})


def _shown(answer, name) -> str:
    if answer is None:
        return ""
    display = getattr(answer, f"get_{name}_display", None)
    return display() if display and getattr(answer, name) else getattr(answer, name)

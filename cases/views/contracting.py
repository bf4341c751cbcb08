"""Contracting pages: contacts, the written contract and consents."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases import forms, selectors, services
from cases.views._common import CASE_ROLES, _case, _case_form_page, _case_to_change
from vig_service.accounts.permissions import role_required


def _list_tab(request, pk, *, tab: str, rows):
    """A tab of the case listing its rows (`rows(case)`), with whether the user may add one."""
    case = _case(request, pk)
    return render(
        request,
        f"cases/{tab}.html",
        {
            "case": case,
            "current_tab": tab,
            tab: rows(case),
            "can_change": selectors.can_change(user=request.user, case=case),
        },
    )


@role_required(*CASE_ROLES)
def contacts(request, pk):
    """The contacts with the family, and the date the written contract was agreed."""
    return _list_tab(
        request, pk, tab="contacts", rows=lambda case: selectors.contacts_for(case=case)
    )


@role_required(*CASE_ROLES)
def contact_add(request, pk):
    """Log a contact; the first one starts contracting."""
    case, refused = _case_to_change(request, pk, tab="contacts")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ContactForm(request.POST or None),
        tab="contacts",
        title="Add a contact",
        save=lambda data: services.contact_record(case_id=case.pk, by=request.user, **data),
        done="Contact added",
    )


@role_required(*CASE_ROLES)
def contract(request, pk):
    """Record the date the written contract was agreed."""
    case, refused = _case_to_change(request, pk, tab="contacts")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ContractForm(
            request.POST or None, initial={"agreed_on": case.contract_agreed_on}
        ),
        tab="contacts",
        title="The written contract",
        save=lambda data: services.case_record_contract(
            case_id=case.pk, by=request.user, agreed_on=data["agreed_on"]
        ),
        done="Contract date saved",
    )


@role_required(*CASE_ROLES)
def consents(request, pk):
    """The case's consents, live and withdrawn."""
    return _list_tab(
        request, pk, tab="consents", rows=lambda case: selectors.consents_for(case=case)
    )


@role_required(*CASE_ROLES)
def consent_add(request, pk):
    """Record a consent."""
    case, refused = _case_to_change(request, pk, tab="consents")
    if refused:
        return refused
    return _case_form_page(
        request,
        case,
        form=forms.ConsentForm(
            request.POST or None, children=selectors.consent_children(case=case)
        ),
        tab="consents",
        title="Add a consent",
        save=lambda data: services.consent_record(case_id=case.pk, by=request.user, **data),
        done="Consent added",
    )


@role_required(*CASE_ROLES)
def consent_withdraw(request, pk, consent_pk):
    """Record that a consent was withdrawn; it stops allowing anything at once."""
    case, refused = _case_to_change(request, pk, tab="consents")
    if refused:
        return refused
    consent = get_object_or_404(case.consents, pk=consent_pk)
    if consent.withdrawn_on is not None:
        messages.error(
            request, f"This consent was already withdrawn on {consent.withdrawn_on:%-d %B %Y}"
        )
        return redirect("cases:consents", pk=case.pk)
    return _case_form_page(
        request,
        case,
        form=forms.WithdrawConsentForm(request.POST or None, consent=consent),
        tab="consents",
        title="Withdraw a consent",
        save=lambda data: services.consent_withdraw(
            consent_id=consent.pk, by=request.user, withdrawn_on=data["withdrawn_on"]
        ),
        done="Consent withdrawn",
        context={
            "intro": f"{consent}, on {consent.given_on:%-d %B %Y}. Once withdrawn, "
            "it no longer allows anything."
        },
    )

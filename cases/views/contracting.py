"""Contracting pages: contacts, the written contract and consents."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cases import forms, selectors, services
from cases.permissions import case_access
from cases.views._common import (
    CASE_ROLES,
    _case,
    _case_form_page,
    _case_to_change,
    _change_page,
)
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
            "can_change": case_access(user=request.user, case=case).may_change,
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
    return _change_page(
        request,
        pk,
        tab="contacts",
        form=forms.ContactForm,
        service=services.contact_record,
        title="Add a contact",
        done="Contact added",
    )


@role_required(*CASE_ROLES)
def contract(request, pk):
    """Record the date the written contract was agreed."""
    return _change_page(
        request,
        pk,
        tab="contacts",
        form=forms.ContractForm,
        needs=lambda case: {"initial": {"agreed_on": case.contract_agreed_on}},
        service=services.case_record_contract,
        title="The written contract",
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
    return _change_page(
        request,
        pk,
        tab="consents",
        form=forms.ConsentForm,
        needs=lambda case: {"children": selectors.consent_children(case=case)},
        service=services.consent_record,
        title="Add a consent",
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

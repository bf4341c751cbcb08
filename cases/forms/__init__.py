"""Forms for the case pages, by sub-domain, on crispy-forms-gds; field validation only."""

from cases.forms._common import CaseForm, RatingField
from cases.forms.contracting import (
    ADULT,
    ConsentForm,
    ContactForm,
    ContractForm,
    WithdrawConsentForm,
)
from cases.forms.lifecycle import CloseForm, FootageForm, ReassignForm
from cases.forms.limits import ExtensionForm, ExtensionRequestForm, RefuseExtensionForm
from cases.forms.questions import HelpingQuestionForm
from cases.forms.traject import TrajectHeadingAddForm, TrajectHeadingForm

__all__ = [
    "ADULT",
    "CaseForm",
    "CloseForm",
    "ConsentForm",
    "ContactForm",
    "ContractForm",
    "ExtensionForm",
    "ExtensionRequestForm",
    "FootageForm",
    "HelpingQuestionForm",
    "RatingField",
    "ReassignForm",
    "RefuseExtensionForm",
    "TrajectHeadingAddForm",
    "TrajectHeadingForm",
    "WithdrawConsentForm",
]

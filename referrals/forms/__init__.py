"""The referral question pages, one topic each, laid out with crispy-forms-gds."""

from referrals.forms._common import SAVE_FOR_LATER, QuestionForm
from referrals.forms.child import ChildForm, NeedsForm
from referrals.forms.consent import ChecksForm, PrfqForm, QuestionsForm
from referrals.forms.family import ParentCarerForm
from referrals.forms.household import HouseholdChildForm, HouseholdForm
from referrals.forms.information import InformationForm
from referrals.forms.route import ConcernsForm, StatusForm

__all__ = [
    "ChecksForm",
    "ChildForm",
    "ConcernsForm",
    "HouseholdChildForm",
    "HouseholdForm",
    "InformationForm",
    "NeedsForm",
    "ParentCarerForm",
    "PrfqForm",
    "QuestionForm",
    "QuestionsForm",
    "SAVE_FOR_LATER",
    "StatusForm",
]

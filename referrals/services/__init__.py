"""Writes for referrals. Each status change is a checked transition with its event row."""

from referrals.errors import ReferralError, StaleReferral, TransitionNotAllowed
from referrals.services.drafts import (
    NotEditable,
    household_child_remove,
    household_child_save,
    parent_carer_remove,
    parent_carer_save,
    referral_save_answers,
    referral_start,
)
from referrals.services.flags import flag_end, flag_raise
from referrals.services.restrictions import (
    restriction_add,
    restriction_change,
    restriction_lift,
)
from referrals.services.settings import referral_settings_update
from referrals.services.submission import IncompleteReferral, eligibility_for, referral_submit
from referrals.services.triage import (
    referral_accept,
    referral_allocate,
    referral_decline,
    referral_override_eligibility,
    referral_provide_information,
    referral_request_information,
    referral_withdraw,
)

__all__ = [
    "flag_end",
    "flag_raise",
    "IncompleteReferral",
    "NotEditable",
    "ReferralError",
    "StaleReferral",
    "TransitionNotAllowed",
    "eligibility_for",
    "household_child_remove",
    "household_child_save",
    "parent_carer_remove",
    "parent_carer_save",
    "referral_accept",
    "referral_allocate",
    "referral_decline",
    "referral_override_eligibility",
    "referral_provide_information",
    "referral_request_information",
    "referral_save_answers",
    "referral_settings_update",
    "referral_start",
    "referral_submit",
    "referral_withdraw",
    "restriction_add",
    "restriction_change",
    "restriction_lift",
]

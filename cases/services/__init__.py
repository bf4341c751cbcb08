"""Writes for cases, by sub-domain. Each change locks the case and writes its event row in one
transaction."""

from cases.errors import CaseError
from cases.services._common import CLOSED_MESSAGE
from cases.services.configuration import case_settings_update
from cases.services.contracting import (
    case_record_contract,
    consent_record,
    consent_withdraw,
    contact_record,
)
from cases.services.lifecycle import (
    case_close,
    case_open,
    case_reassign,
    case_record_footage,
    case_start_intervention,
)
from cases.services.limits import case_extend, extension_request_make, extension_request_refuse
from cases.services.questions import helping_question_set
from cases.services.traject import (
    StaleTrajectHeading,
    traject_heading_add,
    traject_heading_save,
    traject_plan_start,
)

__all__ = [
    "CLOSED_MESSAGE",
    "CaseError",
    "StaleTrajectHeading",
    "case_close",
    "case_extend",
    "case_open",
    "case_reassign",
    "case_record_contract",
    "case_record_footage",
    "case_settings_update",
    "case_start_intervention",
    "consent_record",
    "consent_withdraw",
    "contact_record",
    "extension_request_make",
    "extension_request_refuse",
    "helping_question_set",
    "traject_heading_add",
    "traject_heading_save",
    "traject_plan_start",
]

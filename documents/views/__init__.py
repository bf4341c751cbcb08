"""The documents pages: records' documents (`records`), letters (`letters`), settings."""

from documents.views.configuration import configuration
from documents.views.letters import (
    certificates_write,
    contract_write,
    decision_letter_write,
    template_edit,
    template_list,
)
from documents.views.records import (
    case_add,
    case_check_again,
    case_download,
    case_list,
    course_download,
    course_list,
    referral_add,
    referral_download,
    referral_list,
    trainee_add,
    trainee_download,
    trainee_list,
)

__all__ = [
    "case_add",
    "case_check_again",
    "case_download",
    "case_list",
    "certificates_write",
    "configuration",
    "contract_write",
    "course_download",
    "course_list",
    "decision_letter_write",
    "referral_add",
    "referral_download",
    "referral_list",
    "template_edit",
    "template_list",
    "trainee_add",
    "trainee_download",
    "trainee_list",
]

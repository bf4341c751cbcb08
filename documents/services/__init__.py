"""Writes for documents: uploads and their virus check (`uploads`), letters (`letters`)."""

from documents.services.letters import (
    certificates_write,
    check_letter_template,
    letter_preview,
    letter_template_current,
    letter_template_save,
    letter_write_contract,
    letter_write_decision,
    letters_write_closure,
)
from documents.services.uploads import (
    REFERRAL_OPEN_TO_DOCUMENTS,
    SCAN_ATTEMPTS,
    check_record_open,
    document_scan,
    document_scan_again,
    document_upload,
    documents_remove_for_referrals,
    documents_remove_for_training,
)

__all__ = [
    "REFERRAL_OPEN_TO_DOCUMENTS",
    "SCAN_ATTEMPTS",
    "certificates_write",
    "check_letter_template",
    "check_record_open",
    "document_scan",
    "document_scan_again",
    "document_upload",
    "documents_remove_for_referrals",
    "documents_remove_for_training",
    "letter_preview",
    "letter_template_current",
    "letter_template_save",
    "letter_write_contract",
    "letter_write_decision",
    "letters_write_closure",
]

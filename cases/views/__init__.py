"""Case pages, by sub-domain; urls.py reaches every view through these re-exports."""

from cases.views.configuration import configuration
from cases.views.contracting import (
    consent_add,
    consent_withdraw,
    consents,
    contact_add,
    contacts,
    contract,
)
from cases.views.flags import flag_end, flag_raise
from cases.views.lifecycle import (
    NEXT_ACTION_PAGES,
    case_list,
    close,
    footage,
    overview,
    reassign,
    start,
    timeline,
)
from cases.views.limits import (
    extend,
    extension_refuse,
    extension_request,
    extension_requests,
    near_limit,
)
from cases.views.measures import measure_record, measures
from cases.views.questions import question_add, questions
from cases.views.restrictions import lift as restriction_lift
from cases.views.restrictions import restrict
from cases.views.traject import traject, traject_heading, traject_heading_add, traject_history

__all__ = [
    "NEXT_ACTION_PAGES",
    "case_list",
    "close",
    "configuration",
    "consent_add",
    "consent_withdraw",
    "consents",
    "contact_add",
    "contacts",
    "contract",
    "extend",
    "extension_refuse",
    "extension_request",
    "extension_requests",
    "footage",
    "near_limit",
    "overview",
    "question_add",
    "questions",
    "measures",
    "flag_raise",
    "flag_end",
    "measure_record",
    "reassign",
    "restrict",
    "restriction_lift",
    "start",
    "timeline",
    "traject",
    "traject_heading",
    "traject_heading_add",
    "traject_history",
]

"""Reads about cases and caseloads, by sub-domain: My cases, the case pages, allocation."""

from cases.selectors.caseload import (
    GuiderLoad,
    capacity_for,
    guiders_with_caseload,
    guiders_with_room,
)
from cases.selectors.contracting import consent_children, consents_for, contacts_for
from cases.selectors.lifecycle import (
    case_for_overview,
    case_for_page,
    case_list,
    guiders_of_visible_cases,
    overdue_actions,
    own_cases_page,
    timeline,
)
from cases.selectors.limits import (
    extension_requests_for,
    extensions_for,
    is_near_limit,
    last_decided_request_for,
    limit_counts,
    limit_for,
    near_limit_cases,
    waiting_extension_requests,
    waiting_request_for,
)
from cases.selectors.progress import (
    INITIAL_VISIT_KINDS,
    Progress,
    attach_progress,
    progress_of,
    with_progress,
)
from cases.selectors.questions import questions_with_ratings
from cases.selectors.traject import traject_heading, traject_plan, traject_revisions
from cases.selectors.waits import median_waits_to_allocation

__all__ = [
    "INITIAL_VISIT_KINDS",
    "GuiderLoad",
    "Progress",
    "attach_progress",
    "capacity_for",
    "case_for_overview",
    "case_for_page",
    "case_list",
    "consent_children",
    "consents_for",
    "contacts_for",
    "extension_requests_for",
    "extensions_for",
    "guiders_of_visible_cases",
    "guiders_with_caseload",
    "guiders_with_room",
    "is_near_limit",
    "last_decided_request_for",
    "limit_counts",
    "limit_for",
    "median_waits_to_allocation",
    "near_limit_cases",
    "overdue_actions",
    "own_cases_page",
    "progress_of",
    "questions_with_ratings",
    "timeline",
    "traject_heading",
    "traject_plan",
    "traject_revisions",
    "waiting_extension_requests",
    "waiting_request_for",
    "with_progress",
]

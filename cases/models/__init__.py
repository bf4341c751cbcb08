"""A case: one family's intervention, opened when its referral is allocated to a guider.

Django finds the app's models through these imports; each sub-module holds one sub-domain.
"""

from cases.configuration import CaseSettings, GuiderCapacity
from cases.models.contracting import Consent, Contact
from cases.models.lifecycle import Case, CaseEvent, CaseEventAction, CaseStatus, ClosureReason
from cases.models.limit_facts import AllocationMonth, AllocationWait, CaseLimitFacts, GuiderRoom
from cases.models.limits import CaseExtension, ExtensionRequest
from cases.models.questions import HelpingQuestion
from cases.models.traject import TrajectHeading, TrajectRevision

__all__ = [
    "AllocationMonth",
    "AllocationWait",
    "Case",
    "CaseEvent",
    "CaseEventAction",
    "CaseExtension",
    "CaseLimitFacts",
    "CaseSettings",
    "CaseStatus",
    "ClosureReason",
    "Consent",
    "Contact",
    "ExtensionRequest",
    "GuiderCapacity",
    "GuiderRoom",
    "HelpingQuestion",
    "TrajectHeading",
    "TrajectRevision",
]

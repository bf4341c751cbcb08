"""The case that allocating a referral opens, provided by `cases` when it loads.

`referrals` sits below `cases` (docs/architecture.md, "Apps and layers"), so it never imports
it: `cases` registers one `CaseOpening` in its `AppConfig.ready()`, and the allocation
service and page call `case_opening()`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from vig_service.core.errors import DomainError


class CaseRefused(DomainError):
    """The case could not be opened (e.g. the guider is deactivated), with the user's message."""


@dataclass(frozen=True)
class CaseOpening:
    """What referrals need from cases: opening the case, each guider's caseload, and how
    earlier cases went (previous involvement)."""

    # (*, referral, guider, co_worker, by, site_url) -> the new case, its guider and co-worker
    # e-mailed after commit; raises CaseRefused.
    open_case: Callable
    # () -> every active guider's open cases against capacity, for the allocation form.
    caseloads: Callable[[], list]
    # ([referrals]) -> set `question_change` on each: the mean rise in its case's helping
    # questions, first rating to last (None without a case or two ratings); two queries.
    attach_question_change: Callable[[list], None]


_registered: list[CaseOpening] = []


def register_case_opening(opening: CaseOpening) -> None:
    """Make `opening` the provider allocation uses (cases calls this in its `ready()`)."""
    _registered[:] = [opening]


def case_opening() -> CaseOpening:
    """The registered provider; an app set-up without `cases` is a configuration error."""
    if not _registered:
        raise ImproperlyConfigured("Allocation needs the cases app installed: it opens the case")
    return _registered[0]

"""What a user may do on a case they can see, decided here once for every case and cycle page.

Which cases a user sees at all is `Case.objects.visible_to` (a 404 otherwise) and which they
may change is `Case.objects.worked_on_by`; `CaseAccess` turns those and the user's roles into
each page's choices, so a view, a template and the cycles' pages ask the same question the same
way. Services still refuse what a role may never do (docs/architecture.md, "Permissions").
"""

from dataclasses import dataclass

from cases.models import Case
from vig_service.accounts.roles import Role


@dataclass(frozen=True)
class CaseAccess:
    """One user's choices on one case."""

    case: Case
    user: object
    # Its guider, co-worker or a coordinator: they change the case and its cycles.
    works_on: bool

    @property
    def is_open(self) -> bool:
        return self.case.status != Case.Status.CLOSED

    @property
    def may_change(self) -> bool:
        """Add to the case now: it is open and they work on it."""
        return self.works_on and self.is_open

    @property
    def may_start(self) -> bool:
        return self.works_on and self.case.status == Case.Status.CONTRACTING

    @property
    def may_ask_extension(self) -> bool:
        """Ask a manager for more cycles or time (whether it is near its limit is the page's)."""
        return self.may_change and self.user.has_role(Role.GUIDER, Role.COORDINATOR)

    @property
    def may_extend(self) -> bool:
        return self.is_open and self.user.has_role(Role.MANAGER)

    @property
    def may_reassign(self) -> bool:
        return self.is_open and self.user.has_role(Role.COORDINATOR)

    @property
    def may_record_supervision(self) -> bool:
        """Supervisors reading a case may record supervision on its cycles, and nothing else."""
        return self.works_on or self.user.has_role(Role.SUPERVISOR)


def case_access(*, user, case: Case, visible: bool = False) -> CaseAccess:
    """What the user may do on a case already found within what they can see.

    `visible` says the case was read through `Case.objects.visible_to(user)`: no restriction
    keeps it from them, so worked_on_by's rule is decided from the case without a query.
    """
    if visible:
        works_on = user.has_role(Role.COORDINATOR) or (
            user.has_role(Role.GUIDER) and user.pk in (case.guider_id, case.co_worker_id)
        )
    else:
        works_on = Case.objects.worked_on_by(user).filter(pk=case.pk).exists()
    return CaseAccess(case=case, user=user, works_on=works_on)

"""What cases provides to referrals' allocation, registered in `CasesConfig.ready()`."""

from cases.selectors import guiders_with_caseload
from cases.services import CaseError, case_open
from referrals.allocation import CaseOpening, CaseRefused


def open_for_allocation(*, referral, guider, co_worker, by, site_url):
    """Open the allocated referral's case, its refusal told in allocation's own terms."""
    try:
        return case_open(
            referral=referral, guider=guider, co_worker=co_worker, by=by, site_url=site_url
        )
    except CaseError as refused:
        raise CaseRefused(refused.message) from refused


OPENING = CaseOpening(open_case=open_for_allocation, caseloads=guiders_with_caseload)

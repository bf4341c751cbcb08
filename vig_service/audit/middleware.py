"""Record, with the response, every view of a child's record, every download and every refusal."""

from vig_service.audit import services
from vig_service.audit.models import AccessAction, RecordKind
from vig_service.core.downloads import served_to

# Which URL keyword names which record, per URL namespace: every page of a referral, a case
# or a cycle carries its record's id in the URL, so a new page is audited without a change
# here. The access matrix test checks each such URL writes its row, and that each 403 or 404
# on one writes a refusal row.
AUDITED_KWARGS = {
    "referrals": {"pk": RecordKind.REFERRAL},
    "cases": {"pk": RecordKind.CASE},
    "cycles": {"case_pk": RecordKind.CASE, "pk": RecordKind.CYCLE},
    # A case's or a referral's documents, and their downloads.
    "documents": {"case_pk": RecordKind.CASE, "referral_pk": RecordKind.REFERRAL},
    # A case's family links (the family's own pages have no account and keep their own log).
    "family": {"case_pk": RecordKind.CASE},
    "audit": {"pk": RecordKind.REFERRAL},
    "privacy": {"pk": RecordKind.REFERRAL},  # subject-access exports of a child's record
}


# The Django admin names its pages <app>_<model>_<view> and puts the record in `object_id`:
# an admin page of a child's referral, case or cycle is audited like the service's own.
AUDITED_ADMIN_MODELS = {
    "referrals_referral": RecordKind.REFERRAL,
    "cases_case": RecordKind.CASE,
    "cycles_cycle": RecordKind.CYCLE,
}


def audited_record(resolver_match) -> tuple[str, int] | None:
    """The (kind, id) of the child's record a URL shows, or None for other pages."""
    if resolver_match is None:
        return None
    if resolver_match.namespace == "admin":
        model = (resolver_match.url_name or "").rpartition("_")[0]
        object_id = str(resolver_match.kwargs.get("object_id", ""))
        if model in AUDITED_ADMIN_MODELS and object_id.isdigit():
            return AUDITED_ADMIN_MODELS[model], int(object_id)
        return None
    by_kwarg = AUDITED_KWARGS.get(resolver_match.namespace, {})
    for kwarg, kind in by_kwarg.items():
        if kwarg in resolver_match.kwargs:
            return kind, int(resolver_match.kwargs[kwarg])
    return None


def is_download(response) -> bool:
    """Whether the response is a file to keep (a CSV or report download)."""
    return response.get("Content-Disposition", "").lower().startswith("attachment")


# Refusals recorded on a record's URL: not allowed, and not found (outside the person's scope,
# or no such record: both are how someone trying ids one after another is answered).
DENIED_STATUSES = {403, 404}


class AccessAuditMiddleware:
    """After the view, write the access or refusal row before the response leaves.

    The row is written in autocommit before the page is returned, never after commit, so a
    page that reached the user always has its row; a failure to write it is a server error,
    not a silent gap.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = served_to(request, response)
        if user is None or not user.is_authenticated:
            return response
        if response.status_code in DENIED_STATUSES:
            record = audited_record(getattr(request, "resolver_match", None))
            if record is not None:
                services.access_denial_record(
                    request=request,
                    record_kind=record[0],
                    record_id=record[1],
                    status=response.status_code,
                )
            return response
        if not 200 <= response.status_code < 300:
            return response
        record = audited_record(getattr(request, "resolver_match", None))
        download = is_download(response)
        if record is None and not download:
            return response
        kind, record_id = record if record else (RecordKind.DOWNLOAD, None)
        action = AccessAction.EXPORT if download else AccessAction.VIEW
        services.access_record(
            request=request, record_kind=kind, record_id=record_id, action=action, user=user
        )
        return response
